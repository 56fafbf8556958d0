-- The inventory's data: piped into the container's mariadb client by the module's second seed step.
INSERT INTO products (sku, name, in_stock) VALUES
    ('LAMP-01', 'Desk lamp', 12),
    ('MUG-02', 'Coffee mug', 3),
    ('RUG-03', 'Wool rug', 0),
    ('VASE-04', 'Glass vase', 1);
