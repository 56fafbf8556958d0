using Ociman.Testing.Xunit;
using StackExchange.Redis;
using Xunit;

namespace Modules.Redis.XunitV2;

// IClassFixture<ModuleFixture<T>>: xUnit starts one PriceCacheRedis before the first test of this class (seeded, or from
// its snapshot) and removes it after the last. The seeded warm cache lives in database 0; this class writes only to
// database 1, which it empties before and after every test (xUnit v2 creates the class once per test).
public sealed class PriceCacheTests : IClassFixture<ModuleFixture<PriceCacheRedis>>, IAsyncLifetime
{
    private const int OwnDatabase = 1;
    private static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    private readonly PriceCacheRedis _redis;
    private readonly List<string> _sourceCalls = [];
    private ConnectionMultiplexer _connection = null!;

    public PriceCacheTests(ModuleFixture<PriceCacheRedis> fixture) => _redis = fixture.Module;

    public async Task InitializeAsync()
    {
        await _redis.FlushAsync(OwnDatabase);   // FLUSHDB on database 1 only: the seeded database 0 stays as it is
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.GetConnectionString(OwnDatabase));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.FlushAsync(OwnDatabase);
    }

    /// <summary>A price cache over <paramref name="database"/> whose source answers 10.00 and records each call.</summary>
    private PriceCache CacheOver(IDatabase database) => new(database, (sku, _) =>
    {
        _sourceCalls.Add(sku);
        return Task.FromResult(10.00m);
    }, TimeToLive);

    [ContainerFact]   // skipped with the reason when no engine answers; never skipped in CI
    public async Task A_seeded_price_is_served_without_asking_the_source()
    {
        var cache = CacheOver(_connection.GetDatabase(0));   // the warm cache the seed file wrote

        Assert.Equal(24.90m, await cache.GetPriceAsync("LAMP-01", CancellationToken.None));
        Assert.Equal(149.00m, await cache.GetPriceAsync("RUG-03", CancellationToken.None));
        Assert.Empty(_sourceCalls);
    }

    [ContainerFact]
    public async Task A_miss_asks_the_source_once_and_caches_the_answer_with_its_time_to_live()
    {
        var database = _connection.GetDatabase();   // database 1: the connection string's default
        var cache = CacheOver(database);

        Assert.Equal(10.00m, await cache.GetPriceAsync("VASE-04", CancellationToken.None));
        Assert.Equal(10.00m, await cache.GetPriceAsync("VASE-04", CancellationToken.None));

        Assert.Equal(["VASE-04"], _sourceCalls);
        Assert.Equal("10.00", (string?)await database.StringGetAsync(PriceCache.Key("VASE-04")));
        var expiry = await database.KeyTimeToLiveAsync(PriceCache.Key("VASE-04"));
        Assert.NotNull(expiry);
        Assert.InRange(expiry.Value, TimeSpan.FromSeconds(1), TimeToLive);
    }

    [ContainerFact]
    public async Task Invalidating_makes_the_next_read_ask_the_source_again()
    {
        var cache = CacheOver(_connection.GetDatabase());
        await cache.GetPriceAsync("MUG-02", CancellationToken.None);   // database 1 is empty: a miss, then cached

        Assert.True(await cache.InvalidateAsync("MUG-02"));
        Assert.False(await cache.InvalidateAsync("MUG-02"));
        await cache.GetPriceAsync("MUG-02", CancellationToken.None);

        Assert.Equal(["MUG-02", "MUG-02"], _sourceCalls);
    }

    [ContainerFact]
    public async Task The_class_database_starts_empty_and_the_seeded_one_keeps_its_keys()
    {
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);

        Assert.Equal(0, await server.DatabaseSizeAsync(OwnDatabase));
        Assert.Equal(3, await server.DatabaseSizeAsync(0));
        Assert.Equal(PriceCacheRedis.SnapshotName, _redis.SnapshotImage?.Name);
        Assert.Equal(_redis.StartedFromSnapshot ? 0 : 1, _redis.SeedStepsRun);
    }
}
