-- The inventory's schema: piped into the container's mariadb client by the module's first seed step.
CREATE TABLE products (
    sku      varchar(20)  NOT NULL PRIMARY KEY,
    name     varchar(100) NOT NULL,
    in_stock int          NOT NULL CHECK (in_stock >= 0)
);

CREATE TABLE reservations (
    id       int         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sku      varchar(20) NOT NULL,
    quantity int         NOT NULL CHECK (quantity > 0),
    CONSTRAINT fk_reservations_product FOREIGN KEY (sku) REFERENCES products (sku)
);
