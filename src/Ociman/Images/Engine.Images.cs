using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ociman.Transport;
using Ociman.Hashing;
using Ociman.Logging;

namespace Ociman;

/// <summary>A local image as the engine describes it, the same on both engines and every transport.</summary>
/// <param name="Id">The image id (<c>sha256:…</c>).</param>
/// <param name="Created">When the image was created.</param>
/// <param name="Labels">The image's labels (empty when none).</param>
/// <param name="Size">The image's size in bytes.</param>
/// <param name="RepoTags">The references that name it.</param>
/// <param name="Raw">The transport's own inspect document: element 0 of <c>image inspect</c>'s array through the command-line tool, the body of <c>GET /images/{name}/json</c> through the engine's API.</param>
/// <param name="HasHealthCheck">Whether the image declares a health check (Docker reports it in <c>Config.Healthcheck</c>, Podman at the top level).</param>
public sealed record ImageInspection(string Id, DateTimeOffset? Created, IReadOnlyDictionary<string, string> Labels, long Size, IReadOnlyList<string> RepoTags, JsonElement Raw, bool HasHealthCheck);

public sealed partial class Engine
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> BuildLocks = new(StringComparer.Ordinal);

    /// <summary>A random value of this process that every temporary build tag holds, so that what a killed process left is known as its own.</summary>
    internal static string TemporaryTagOwner { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>How every temporary build tag of this process begins: <c>ociman-tmp-OWNER-</c> (see <see cref="TemporaryTagOwner"/>).</summary>
    internal static string TemporaryTagPrefix => $"ociman-tmp-{TemporaryTagOwner}-";

    /// <summary>Whether the image is present locally (by <c>image inspect</c> on Docker, <c>image exists</c> on Podman).</summary>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public Task<bool> ImageExistsAsync(ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return HousekeepingAsync("image exists", token => Operations.ImageExistsAsync(image, token), cancellationToken);
    }

    /// <summary>Inspects a local image.</summary>
    /// <exception cref="ImageNotFoundException">The image is not present.</exception>
    public async Task<ImageInspection> InspectImageAsync(ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var details = await Operations.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        return new ImageInspection(details.Id, details.Created, details.Labels, details.Size, details.Tags, details.Raw, details.HasHealthCheck);
    }

    /// <summary>Pulls an image from its registry.</summary>
    /// <exception cref="ImageNotFoundException">The registry does not have it.</exception>
    /// <exception cref="EngineOperationException">The pull failed for another reason (registry unreachable, denied).</exception>
    public Task PullAsync(ImageReference image, CancellationToken cancellationToken = default) =>
        PullCoreAsync(image, null, cancellationToken);

    /// <summary>Pulls an image from its registry, reporting the engine's progress lines as they come.</summary>
    /// <remarks><inheritdoc cref="BuildAsync(ImageBuild, IProgress{EngineProgress}, CancellationToken)" path="/remarks/node()"/></remarks>
    /// <exception cref="ImageNotFoundException">The registry does not have it.</exception>
    /// <exception cref="EngineOperationException">The pull failed for another reason (registry unreachable, denied).</exception>
    public Task PullAsync(ImageReference image, IProgress<EngineProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return PullCoreAsync(image, progress, cancellationToken);
    }

    /// <summary>Pulls the image unless it is present locally; returns whether it pulled.</summary>
    public Task<bool> PullIfAbsentAsync(ImageReference image, CancellationToken cancellationToken = default) =>
        PullIfAbsentCoreAsync(image, null, cancellationToken);

    /// <summary>Pulls the image unless it is present locally, reporting the engine's progress lines; returns whether it pulled.</summary>
    public Task<bool> PullIfAbsentAsync(ImageReference image, IProgress<EngineProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return PullIfAbsentCoreAsync(image, progress, cancellationToken);
    }

    private async Task<bool> PullIfAbsentCoreAsync(ImageReference image, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        if (await ImageExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await PullCoreAsync(image, progress, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Task PullCoreAsync(ImageReference image, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reporter = new ProgressReporter(Logger, "image pull", image.ToString(), progress);
        return Operations.PullAsync(image, reporter.Report, cancellationToken);
    }

    /// <summary>Pushes an image to its registry.</summary>
    public Task PushAsync(ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Operations.PushAsync(image, cancellationToken);
    }

    /// <summary>Gives the image <paramref name="source"/> the additional reference <paramref name="target"/>.</summary>
    public Task TagImageAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return Operations.TagImageAsync(source, target, cancellationToken);
    }

    /// <summary>Removes an image reference (and the image, when no other reference or container holds it).</summary>
    /// <exception cref="ImageNotFoundException">The image is not present.</exception>
    public Task RemoveImageAsync(ImageReference image, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Operations.RemoveImageAsync(image, force, cancellationToken);
    }

    /// <summary>Lists the local references of the repository <paramref name="name"/> (any tag).</summary>
    /// <remarks>Podman lists short names as <c>localhost/name</c>; both spellings match <paramref name="name"/>.</remarks>
    public Task<IReadOnlyList<ImageReference>> ListImagesAsync(ImageReference name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Operations.ListImagesAsync(name, cancellationToken);
    }

    /// <summary>Creates an image from a root-file-system tarball.</summary>
    public async Task<ImageReference> ImportAsync(string tarPath, ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        RequireFile(tarPath, nameof(tarPath));
        await Operations.ImportAsync(Path.GetFullPath(tarPath), image, cancellationToken).ConfigureAwait(false);
        return image;
    }

    /// <summary>Saves images to a tar archive.</summary>
    public Task SaveAsync(IEnumerable<ImageReference> images, string tarPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentException.ThrowIfNullOrEmpty(tarPath);
        var list = images.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Give at least one image to save.", nameof(images));
        }

        return Operations.SaveAsync(list, Path.GetFullPath(tarPath), cancellationToken);
    }

    /// <summary>Loads images from a tar archive made by <see cref="SaveAsync"/> and returns what the engine reports it loaded.</summary>
    public Task<IReadOnlyList<string>> LoadAsync(string tarPath, CancellationToken cancellationToken = default)
    {
        RequireFile(tarPath, nameof(tarPath));
        return Operations.LoadAsync(Path.GetFullPath(tarPath), cancellationToken);
    }

    /// <summary>Removes every image carrying the label (any value when <paramref name="labelValue"/> is null) that no container uses.</summary>
    public Task<IReadOnlyList<string>> PruneImagesAsync(string labelKey, string? labelValue = null, CancellationToken cancellationToken = default) =>
        Operations.PruneImagesAsync([new(LabelKey.Parse(labelKey).ToString(), labelValue)], cancellationToken);

    /// <summary>The reference the build will produce: its fixed tag, or its name with the content hash as the tag.</summary>
    /// <remarks>For content-addressed builds this hashes the context (streaming) and, unless opted out, inspects each <c>FROM</c> base.</remarks>
    public async Task<ImageReference> ComputeReferenceAsync(ImageBuild build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (build.TagMode == BuildTagMode.Fixed)
        {
            return build.Name;
        }

        var dockerfileText = build.ReadDockerfile();
        var baseImages = new List<BaseImageEntry>();
        foreach (var reference in DockerfileFromParser.GetBaseImages(dockerfileText, build.BuildArguments))
        {
            string? id = null;
            if (build.HashBaseImages && ImageReference.TryParse(reference, out var parsed) && await ImageExistsAsync(parsed, cancellationToken).ConfigureAwait(false))
            {
                id = (await InspectImageAsync(parsed, cancellationToken).ConfigureAwait(false)).Id;
            }

            baseImages.Add(new BaseImageEntry(reference, build.HashBaseImages ? id : null));
        }

        var input = new BuildHashInput
        {
            InstructionsText = build.Instructions,
            ContextDirectory = build.ContextDirectory,
            DockerfilePath = build.DockerfilePath,
            Target = build.Target,
            BuildArgs = [.. build.BuildArguments],
            Labels = [.. build.Labels],
            BaseImages = baseImages,
        };
        var hash = await ContentAddress.ComputeAsync(input, cancellationToken).ConfigureAwait(false);
        return build.Name.WithTag(hash);
    }

    /// <summary>Builds the image (always) and returns its reference.</summary>
    /// <param name="build">What to build.</param>
    /// <param name="cancellationToken">
    /// Cancels the build. A cancelled build returns within about 15 s plus the removal of its temporary tag: on Podman
    /// the running step's processes are stopped so that Podman removes its working container itself (up to 10 s for
    /// the build to end), then the CLI is interrupted and, 3 s later, killed; on Docker the CLI is interrupted (BuildKit
    /// cancels the build) and killed 3 s later. No working container of the build is left behind by a cancellation
    /// that lands in a <c>RUN</c> step.
    /// </param>
    /// <exception cref="ImageBuildException">The build failed; the message has the last lines of the engine's output.</exception>
    public Task<ImageReference> BuildAsync(ImageBuild build, CancellationToken cancellationToken = default) =>
        BuildCoreAsync(build, null, cancellationToken);

    /// <summary>Builds the image (always), reporting the engine's progress lines as they come, and returns its reference.</summary>
    /// <remarks>
    /// Each line the engine prints (BuildKit's plain progress, Podman's <c>STEP</c> lines and their output, a pull's
    /// layer status) goes to <paramref name="progress"/> as it comes, with build-argument values replaced by
    /// <c>***</c>. Without a progress hook the lines still reach the log: at <c>Debug</c> (event 1307) while the work is
    /// quick, and at <c>Information</c> once it has run 5 s (event 1308, the lines so far repeated, then 1309), so a
    /// slow build shows in a test's output and a quick one does not.
    /// </remarks>
    /// <param name="build">What to build.</param>
    /// <param name="progress">Receives each progress line; called from the threads that read the engine's output.</param>
    /// <param name="cancellationToken"><inheritdoc cref="BuildAsync(ImageBuild, CancellationToken)" path="/param[@name='cancellationToken']/node()"/></param>
    /// <exception cref="ImageBuildException">The build failed; the message has the last lines of the engine's output.</exception>
    public Task<ImageReference> BuildAsync(ImageBuild build, IProgress<EngineProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return BuildCoreAsync(build, progress, cancellationToken);
    }

    private async Task<ImageReference> BuildCoreAsync(ImageBuild build, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var reference = await ComputeReferenceAsync(build, cancellationToken).ConfigureAwait(false);
        await BuildAtomicallyAsync(build, reference, progress, cancellationToken).ConfigureAwait(false);
        return reference;
    }

    /// <summary>Returns the build's reference, building the image only when it is absent.</summary>
    /// <remarks>
    /// Safe under concurrency: an in-process lock and a cross-process file lock per (engine, reference) are taken, the
    /// presence is checked again under them, and the image is built to a temporary tag and then tagged, so no caller
    /// ever sees a half-built reference. A failed or cancelled build leaves no temporary tag behind.
    /// </remarks>
    /// <param name="build">What to build.</param>
    /// <param name="cancellationToken"><inheritdoc cref="BuildAsync(ImageBuild, CancellationToken)" path="/param[@name='cancellationToken']/node()"/></param>
    /// <exception cref="ImageBuildException">The build failed.</exception>
    public Task<ImageReference> BuildIfAbsentAsync(ImageBuild build, CancellationToken cancellationToken = default) =>
        BuildIfAbsentCoreAsync(build, null, cancellationToken);

    /// <summary>Returns the build's reference, building the image only when it is absent and reporting the engine's progress lines as they come.</summary>
    /// <remarks><inheritdoc cref="BuildAsync(ImageBuild, IProgress{EngineProgress}, CancellationToken)" path="/remarks/node()"/></remarks>
    /// <param name="build">What to build.</param>
    /// <param name="progress">Receives each progress line of a build that runs (none when the image is present).</param>
    /// <param name="cancellationToken"><inheritdoc cref="BuildAsync(ImageBuild, CancellationToken)" path="/param[@name='cancellationToken']/node()"/></param>
    /// <exception cref="ImageBuildException">The build failed.</exception>
    public Task<ImageReference> BuildIfAbsentAsync(ImageBuild build, IProgress<EngineProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return BuildIfAbsentCoreAsync(build, progress, cancellationToken);
    }

    private async Task<ImageReference> BuildIfAbsentCoreAsync(ImageBuild build, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var reference = await ComputeReferenceAsync(build, cancellationToken).ConfigureAwait(false);
        if (await ImageExistsAsync(reference, cancellationToken).ConfigureAwait(false))
        {
            Log.ImageBuildSkipped(Logger, reference.ToString());
            return reference;
        }

        var key = await BuildLockKeyAsync(reference, cancellationToken).ConfigureAwait(false);
        var gate = BuildLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var fileLock = await CrossProcessLock.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
            if (await ImageExistsAsync(reference, cancellationToken).ConfigureAwait(false))
            {
                Log.ImageBuildSkipped(Logger, reference.ToString());
                return reference;
            }

            await BuildAtomicallyAsync(build, reference, progress, cancellationToken).ConfigureAwait(false);
            return reference;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task BuildAtomicallyAsync(ImageBuild build, ImageReference reference, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var reporter = new ProgressReporter(Logger, "image build", reference.ToString(), progress, secrets: build.BuildArguments.Select(a => a.Value));
        var temporary = reference.WithTag(TemporaryTagPrefix + Guid.NewGuid().ToString("N")[..16]);
        Log.ImageBuilding(Logger, reference.ToString());
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var request = new BuildRequest(temporary, build.ContextDirectory, build.DockerfilePath, build.Instructions, build.Target, [.. build.BuildArguments], [.. build.Labels], build.NoCache)
            {
                Progress = reporter.Report,
            };
            await Operations.BuildAsync(request, cancellationToken).ConfigureAwait(false);
            await Operations.TagImageAsync(temporary, reference, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Untag the temporary reference whatever happened (the image stays under its real tag when all went well).
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                if (await Operations.ImageExistsAsync(temporary, cleanup.Token).ConfigureAwait(false))
                {
                    await Operations.RemoveImageAsync(temporary, force: false, cleanup.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
            {
                Log.TemporaryImageRemovalFailed(Logger, temporary.ToString(), ex);
            }
        }

        Log.ImageBuilt(Logger, reference.ToString(), stopwatch.ElapsedMilliseconds);
    }

    private static void RequireFile(string path, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, name);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"'{path}' is not an existing file.", name);
        }
    }
}
