namespace Ociman.Testing.Xunit;

/// <summary>Decides, at discovery time, whether tests that need an engine are skipped.</summary>
internal static class EngineSkip
{
    /// <summary>The skip reason when no engine answers and skipping is allowed; otherwise null.</summary>
    /// <remarks>
    /// Blocks on the process-wide probe: xUnit v2 creates attributes synchronously, and the probe is cached, so only
    /// the first attribute pays for it. Every await below it uses <c>ConfigureAwait(false)</c>, so blocking cannot deadlock.
    /// </remarks>
    public static string? Reason()
    {
        var availability = TestEngine.GetAvailabilityAsync().GetAwaiter().GetResult();
        if (!availability.ShouldSkip)
        {
            return null;
        }

        return availability.Reason is { Length: > 0 } reason ? reason : "No container engine answers.";
    }
}
