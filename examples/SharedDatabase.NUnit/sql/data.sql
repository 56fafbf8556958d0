-- The shop's data: piped into psql by the fixture's second seed step.
INSERT INTO customers (name, email) VALUES
    ('Ada', 'ada@example.com'),
    ('Grace', 'grace@example.com'),
    ('Linus', 'linus@example.com');

INSERT INTO orders (customer_id, total)
SELECT c.id, o.total
FROM (VALUES ('Ada', 12.50), ('Ada', 30.00), ('Grace', 99.99), ('Linus', 5.00), ('Linus', 7.25)) AS o (name, total)
JOIN customers c ON c.name = o.name;
