namespace Ociman.IntegrationTests.Images;

/// <summary>The base of the image spec classes: a label unique to each test, and a sweep of its images afterwards.</summary>
/// <remarks>
/// xUnit creates one instance per test, so <see cref="CaseId"/> names one test. Every build a test makes carries
/// <c>io.ociman.test-case=&lt;CaseId&gt;</c> besides the run label. Each test removes the images it named in a finally
/// block; <see cref="DisposeAsync"/> then prunes what no name holds any more (an image whose tag moved to another
/// build, Podman's labelled intermediate images of a failed build), so no test leaves an image behind.
/// </remarks>
public abstract class ImageSpecs : IAsyncLifetime
{
    /// <summary>The label that marks the images of one test.</summary>
    public const string CaseLabel = "io.ociman.test-case";

    /// <summary>The engine fixture of the derived spec class.</summary>
    protected abstract EngineFixture Fixture { get; }

    /// <summary>This test's value of <see cref="CaseLabel"/>.</summary>
    protected string CaseId { get; } = ImageTestKit.UniqueId();

    /// <summary>A build from inline instructions (after the test header), labelled with the run and this test.</summary>
    protected ImageBuild Inline(EngineFixture fixture, string id, string moreInstructions = "") =>
        Labelled(ImageTestKit.Inline(fixture, id, moreInstructions));

    /// <summary>Adds the run and test labels to a build.</summary>
    protected ImageBuild Labelled(ImageBuild build) =>
        build.WithLabel(EngineFixture.RunLabel, Fixture.RunId).WithLabel(CaseLabel, CaseId);

    /// <summary>
    /// The directories the docker CLI leaves in the temp directory when it is not given one of its own: <c>docker build -</c>
    /// (buildx 0.13) makes a <c>dockerfile*</c> and an <c>empty-dir*</c> one per inline build, <c>buildx bake</c> a
    /// <c>dockerfile*</c> one.
    /// </summary>
    protected static HashSet<string> CliTempLeftovers() =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), "dockerfile*").Concat(Directory.EnumerateDirectories(Path.GetTempPath(), "empty-dir*"))];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Fixture.Engine.PruneImagesAsync(CaseLabel, CaseId);
}
