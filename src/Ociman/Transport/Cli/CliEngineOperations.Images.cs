using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Image operations through the CLI: exists, inspect, remove, tag, pull, push, list, import, save, load.</summary>
internal sealed partial class CliEngineOperations
{
    public async Task<bool> ImageExistsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(new CliInvocation(Dialect.ImageExistsArguments(image.ToString())), cancellationToken).ConfigureAwait(false);
        return Dialect.ImageExistsFromExitCode(result.ExitCode, result.StandardError) ?? throw Failure(result, image.ToString());
    }

    public async Task<ImageDetails> InspectImageAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ImageArguments.Inspect(image)), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);
        return CliInspection.ReadImage(FirstElement(result, image.ToString()));
    }

    public async Task RemoveImageAsync(ImageReference image, bool force, CancellationToken cancellationToken)
    {
        await CheckedAsync(new CliInvocation(ImageArguments.Remove(image, force)), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);
    }

    public async Task TagImageAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(ImageArguments.Tag(source, target)), source.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);

    public async Task PullAsync(ImageReference image, Action<string>? progress, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(ImageArguments.Pull(image)) { OutputLine = progress }, image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);

    public async Task PushAsync(ImageReference image, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(ImageArguments.Push(image)), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);

    public async Task<IReadOnlyList<ImageReference>> ListImagesAsync(ImageReference name, CancellationToken cancellationToken)
    {
        var bare = name.WithoutTag().WithoutDigest();
        var result = await CheckedAsync(
            new CliInvocation(ImageArguments.List(bare)),
            bare.ToString(),
            cancellationToken).ConfigureAwait(false);
        var images = new List<ImageReference>();
        foreach (var line in Lines(result.StandardOutputText))
        {
            // Untagged images list as <none>; Podman adds localhost/ to short names.
            if (line.Contains("<none>", StringComparison.Ordinal) || !ImageReference.TryParse(line, out var reference))
            {
                continue;
            }

            if (reference.WithoutTag().WithoutDigest().MatchesIgnoringLocalhost(bare))
            {
                images.Add(reference);
            }
        }

        return images;
    }

    public async Task ImportAsync(string tarPath, ImageReference image, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(ImageArguments.Import(tarPath, image)), tarPath, cancellationToken).ConfigureAwait(false);

    public async Task SaveAsync(IReadOnlyList<ImageReference> images, string tarPath, CancellationToken cancellationToken)
    {
        // Docker overwrites an existing archive; Podman refuses ("docker-archive doesn't support modifying existing
        // images"). Save to a fresh file beside it and move it into place, so both overwrite and a failed save never
        // leaves a partial archive at tarPath.
        var temporary = Path.Combine(Path.GetDirectoryName(tarPath) ?? ".", $".{Path.GetFileName(tarPath)}.ociman-tmp-{Guid.NewGuid():N}");
        try
        {
            await CheckedAsync(new CliInvocation(ImageArguments.Save(images, temporary)), string.Join(", ", images), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);
            File.Move(temporary, tarPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<IReadOnlyList<string>> LoadAsync(string tarPath, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ImageArguments.Load(tarPath)), tarPath, cancellationToken).ConfigureAwait(false);

        // Docker: "Loaded image: name:tag" / "Loaded image ID: sha256:…"; Podman: "Loaded image: name:tag" or "Loaded image(s): a,b".
        var loaded = new List<string>();
        foreach (var line in Lines(result.StandardOutputText))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (line.StartsWith("Loaded image", StringComparison.Ordinal) && colon > 0)
            {
                loaded.AddRange(line[(colon + 2)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return loaded;
    }
}
