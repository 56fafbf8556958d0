using Ociman;
using Ociman.Testing.Redis;

namespace Modules.Redis.XunitV2;

/// <summary>The price cache's Redis: the ready-made module with a password, a warm cache as seed, and a snapshot.</summary>
/// <remarks>
/// The seed file runs once; the seeded server is committed as <c>ociman-examples/redis:&lt;key&gt;</c> and later runs
/// start from it (the key changes when the image, the options or the file change). The password reaches the
/// container as an environment value: it is never on a command line or in the log.
/// </remarks>
public sealed class PriceCacheRedis() : RedisModule(new RedisOptions
{
    Password = "example-only",
    Seeds = [RedisSeed.CommandsFile("redis/seed.redis")],
    SnapshotName = ImageReference.Parse(SnapshotName),
})
{
    /// <summary>The repository the seeded state is committed under; the tag is the snapshot key.</summary>
    public const string SnapshotName = "ociman-examples/redis";
}
