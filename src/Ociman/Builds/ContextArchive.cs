using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using Ociman.Hashing;

namespace Ociman.Builds;

/// <summary>Writes a build context as the tar archive an engine's build API takes: exactly the entries the content hash covers.</summary>
/// <remarks>
/// The entries come from <see cref="BuildContextHasher.ListEntries"/> with the same <c>.dockerignore</c> rules, so
/// excluded files never leave the host and the archive holds what the hash describes: files with their modes,
/// directories, and symbolic links as links.
/// </remarks>
internal static class ContextArchive
{
    /// <summary>Writes the archive of <paramref name="contextDirectory"/> (an empty archive when null) to <paramref name="output"/>.</summary>
    /// <param name="output">Where the archive goes; left open.</param>
    /// <param name="contextDirectory">The context directory, or null for an inline build (no context).</param>
    /// <param name="dockerfile">The Dockerfile's full path, which picks the ignore file (<c>&lt;Dockerfile&gt;.dockerignore</c> first).</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    /// <exception cref="BuildContextException">The context cannot be read, or holds a named pipe, socket or device.</exception>
    public static async Task WriteAsync(Stream output, string? contextDirectory, string dockerfile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            if (contextDirectory is null)
            {
                return;
            }

            var (ignore, _) = await DockerIgnore.LoadAsync(contextDirectory, dockerfile, cancellationToken).ConfigureAwait(false);
            foreach (var entry in BuildContextHasher.ListEntries(contextDirectory, ignore, cancellationToken))
            {
                try
                {
                    if (entry.HasRawBytes)
                    {
                        // A name that is not valid UTF-8: TarWriter writes names as text, so this entry is written by hand.
                        // TarWriter keeps no buffer, so the entries stay in order on the stream.
                        await RawTarEntry.WriteAsync(output, entry, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await writer.WriteEntryAsync(entry.FullPath, entry.RelativePath, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new BuildContextException($"Cannot send the build context entry '{entry.DisplayPath}': {ex.Message}", entry.DisplayPath, ex);
                }
            }
        }
    }
}

/// <summary>A request body that streams a <see cref="ContextArchive"/> (chunked: its length is not known in advance).</summary>
internal sealed class ContextArchiveContent : HttpContent
{
    private readonly string? _contextDirectory;
    private readonly string _dockerfile;
    private volatile bool _sent;

    public ContextArchiveContent(string? contextDirectory, string dockerfile)
    {
        _contextDirectory = contextDirectory;
        _dockerfile = dockerfile;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
    }

    /// <summary>Whether the whole archive has been handed to the connection.</summary>
    public bool Sent => _sent;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await ContextArchive.WriteAsync(stream, _contextDirectory, _dockerfile, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _sent = true;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
