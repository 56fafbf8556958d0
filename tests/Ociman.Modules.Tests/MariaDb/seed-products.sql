INSERT INTO products (id, name, price) VALUES (3, 'Lamp', 19.50);
