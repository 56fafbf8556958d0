-- The shop's schema: piped into psql by the fixture's first seed step.
CREATE TABLE customers (
    id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL UNIQUE,
    email text NOT NULL
);

CREATE TABLE orders (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    total       numeric(10, 2) NOT NULL CHECK (total >= 0)
);
