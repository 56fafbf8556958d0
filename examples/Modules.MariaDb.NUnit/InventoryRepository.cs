using System.Globalization;
using MySqlConnector;

namespace Modules.MariaDb.NUnit;

/// <summary>
/// The application code under test: stock queries and reservations over MySqlConnector. It opens its own connections
/// and commits, as real data-access code does — so the tests that write give it a database of their own.
/// </summary>
public sealed class InventoryRepository(string connectionString)
{
    /// <summary>The units in stock of <paramref name="sku"/>, or null when there is no such product.</summary>
    public async Task<int?> GetStockAsync(string sku, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT in_stock FROM products WHERE sku = @sku", connection);
        command.Parameters.AddWithValue("@sku", sku);
        return await command.ExecuteScalarAsync(cancellationToken) is int stock ? stock : null;
    }

    /// <summary>The names of the products with fewer than <paramref name="threshold"/> units, by name.</summary>
    public async Task<IReadOnlyList<string>> GetLowStockAsync(int threshold, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT name FROM products WHERE in_stock < @threshold ORDER BY name", connection);
        command.Parameters.AddWithValue("@threshold", threshold);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> units of <paramref name="sku"/> out of stock and records the reservation, in
    /// one transaction; returns false (and changes nothing) when fewer units are in stock.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is not positive.</exception>
    public async Task<bool> TryReserveAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using var take = new MySqlCommand(
            "UPDATE products SET in_stock = in_stock - @quantity WHERE sku = @sku AND in_stock >= @quantity", connection, transaction);
        take.Parameters.AddWithValue("@sku", sku);
        take.Parameters.AddWithValue("@quantity", quantity);
        if (await take.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;   // the transaction is rolled back when disposed
        }

        await using var record = new MySqlCommand(
            "INSERT INTO reservations (sku, quantity) VALUES (@sku, @quantity)", connection, transaction);
        record.Parameters.AddWithValue("@sku", sku);
        record.Parameters.AddWithValue("@quantity", quantity);
        await record.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The units reserved so far of <paramref name="sku"/>.</summary>
    public async Task<int> GetReservedAsync(string sku, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT COALESCE(SUM(quantity), 0) FROM reservations WHERE sku = @sku", connection);
        command.Parameters.AddWithValue("@sku", sku);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
