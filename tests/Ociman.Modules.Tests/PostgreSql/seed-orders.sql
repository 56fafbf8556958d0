CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), total numeric(10, 2) NOT NULL);
INSERT INTO orders VALUES (1, 1, 10.50), (2, 2, 20.25), (3, 2, 5.00);
