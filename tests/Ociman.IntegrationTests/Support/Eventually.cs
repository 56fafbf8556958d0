namespace Ociman.IntegrationTests.Support;

/// <summary>Polling with a deadline, for conditions the engine reaches asynchronously.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns true or the deadline passes; returns the last answer.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> probe, TimeSpan? deadline = null, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe())
            {
                return true;
            }

            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Whether the container is gone within the deadline (<c>--rm</c> removes it shortly after it stops).</summary>
    public static Task<bool> GoneAsync(Engine engine, string id) =>
        TrueAsync(async () => !await engine.ContainerExistsAsync(id));
}
