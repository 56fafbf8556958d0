using StackExchange.Redis;

namespace Modules.Redis.XunitV2;

/// <summary>
/// The application code under test: a cache-aside price lookup over StackExchange.Redis. A hit is served from Redis; a
/// miss asks the price source, stores the answer for <paramref name="timeToLive"/> and returns it.
/// </summary>
public sealed class PriceCache(IDatabase redis, Func<string, CancellationToken, Task<decimal>> priceSource, TimeSpan timeToLive)
{
    /// <summary>The price of <paramref name="sku"/>: from the cache, or from the price source (then cached).</summary>
    public async Task<decimal> GetPriceAsync(string sku, CancellationToken cancellationToken)
    {
        var cached = await redis.StringGetAsync(Key(sku));
        if (cached.HasValue)
        {
            return decimal.Parse((string)cached!, System.Globalization.CultureInfo.InvariantCulture);
        }

        var price = await priceSource(sku, cancellationToken);
        await redis.StringSetAsync(Key(sku), price.ToString(System.Globalization.CultureInfo.InvariantCulture), timeToLive);
        return price;
    }

    /// <summary>Forgets the cached price of <paramref name="sku"/> (after it changed at the source); true when one was cached.</summary>
    public Task<bool> InvalidateAsync(string sku) => redis.KeyDeleteAsync(Key(sku));

    /// <summary>The key a price is cached under.</summary>
    public static string Key(string sku) => $"price:{sku}";
}
