using Ociman.Images;

namespace Ociman.Testing.XunitV3.Tests.Support;

/// <summary>A fixture a test creates and starts itself (not through xUnit's lifetimes), marked so leftovers can be found.</summary>
/// <remarks>
/// The container runs <paramref name="command"/> in the image <paramref name="image"/> gives (the kit's BusyBox when
/// null), or sleeps until stopped in BusyBox when <paramref name="command"/> is null.
/// </remarks>
public sealed class DirectFixture(
    Func<ContainerDefinition, ContainerSetup> configure,
    string[]? command = null,
    Func<Engine, CancellationToken, Task<ImageReference>>? image = null) : ContainerFixture
{
    /// <summary>The label whose value is <see cref="Marker"/>.</summary>
    public const string MarkerLabel = "io.ociman.xunit3-marker";

    /// <summary>A value no other fixture's containers carry.</summary>
    public string Marker { get; } = Guid.NewGuid().ToString("N");

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        configure(command is null
            ? SleeperFixture.Sleeper(await OfflineImages.BusyBoxAsync(engine, cancellationToken)).WithLabel(MarkerLabel, Marker)
            : ContainerDefinition.For(await (image ?? OfflineImages.BusyBoxAsync)(engine, cancellationToken))
                .WithLabel(SleeperFixture.TestLabel, TestSession.Id)
                .WithLabel(MarkerLabel, Marker)
                .WithArguments(command));

    /// <summary>GETs <paramref name="path"/> from the host through the port published for <paramref name="containerPort"/> and returns the body.</summary>
    public async Task<string> GetStringAsync(int containerPort, string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri($"http://{Host}:{GetHostPort(containerPort)}{path}"), cancellationToken);
    }

    /// <summary>The containers carrying this fixture's marker, running or not.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> LeftoversAsync(CancellationToken cancellationToken = default)
    {
        var engine = await TestEngine.GetAsync(cancellationToken);
        return await engine.ListContainersAsync([new(MarkerLabel, Marker)], cancellationToken);
    }

    /// <summary>Waits (up to a deadline, for engines that remove asynchronously) until no container carries the marker.</summary>
    public async Task AssertNothingLeftAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<ContainerSummary> left;
        while ((left = await LeftoversAsync(cancellationToken)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken);
        }

        Assert.True(left.Count == 0, $"left behind: {string.Join(", ", left.Select(c => $"{c.Id} ({c.State})"))}");
    }
}
