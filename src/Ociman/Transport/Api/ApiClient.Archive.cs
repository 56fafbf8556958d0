using System.Formats.Tar;
using Docker.DotNet.Models;

namespace Ociman.Transport.Api;

internal sealed partial class ApiClient
{
    // Go's os.ModeDir, as the engines report it in the X-Docker-Container-Path-Stat header.
    private const uint GoModeDirectory = 1u << 31;

    /// <summary>
    /// Copies a file or directory out of a container, as <c>docker cp CONTAINER:SRC DEST</c> does: into
    /// <paramref name="hostPath"/> when that is an existing directory, else as <paramref name="hostPath"/> itself.
    /// </summary>
    /// <exception cref="ContainerNotFoundException">No such container, or no such path in it.</exception>
    public async Task CopyFromContainerAsync(string containerId, string containerPath, string hostPath, CancellationToken cancellationToken)
    {
        var request = RequestLine("GET", $"/containers/{containerId}/archive");
        ContainerArchiveResponse archive;
        try
        {
            archive = await CallAsync(request, ApiResource.Container, containerId, token => Client.Containers.GetArchiveFromContainerAsync(containerId, new ContainerPathStatParameters { Path = containerPath }, false, token), cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerNotFoundException ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (!await ContainerExistsAsync(containerId, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            // The engine answers 404 for a missing path too: the container exists, so the path is what is missing.
            var reason = ex.Reason.Contains(containerPath, StringComparison.Ordinal) ? ex.Reason : $"{containerPath}: {ex.Reason}";
            throw new EngineApiException($"{Connection.Kind.ToCliName()} has no {ValueText.Quote(containerPath)} in container {containerId}: {reason}", "container cp", request, Connection.Kind, 404, reason, ex);
        }

        var tar = archive.Stream ?? throw Failure(request, containerId, $"the engine sent no archive for {containerPath}");
        await using (tar.ConfigureAwait(false))
        {
            var full = Path.GetFullPath(hostPath);
            var (destination, rename) = Directory.Exists(full)
                ? (full, (string?)null)
                : (Path.GetDirectoryName(full) ?? full, Path.GetFileName(full));
            // The archive is spooled to a temporary file before it is read entry by entry: the client's chunked
            // response stream throws EndOfStreamException on the small exact-size reads TarReader makes (seen with
            // Docker.DotNet.Enhanced 4.3.3 on Docker 26), while a bulk copy of it is sound.
            var spool = TemporaryFile();
            await using (spool.ConfigureAwait(false))
            {
                await CallAsync(request, ApiResource.Container, containerId, async token =>
                {
                    await tar.CopyToAsync(spool, token).ConfigureAwait(false);
                    spool.Position = 0;
                    return await TarExtraction.ExtractAsync(spool, destination, rename, token).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Copies a host file or directory into a container, as <c>docker cp SRC CONTAINER:DEST</c> does: into
    /// <paramref name="containerPath"/> when that is an existing directory, else as <paramref name="containerPath"/> itself.
    /// </summary>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task CopyToContainerAsync(string containerId, string hostPath, string containerPath, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(hostPath);
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            throw new ArgumentException($"'{hostPath}' does not exist on the host: only existing files and directories can be copied into a container.", nameof(hostPath));
        }

        var isDirectory = await IsContainerDirectoryAsync(containerId, containerPath, cancellationToken).ConfigureAwait(false);
        var trimmed = containerPath.Length > 1 ? containerPath.TrimEnd('/') : containerPath;
        var (target, rootName) = isDirectory
            ? (containerPath, Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar)))
            : (ParentOf(trimmed), trimmed[(trimmed.LastIndexOf('/') + 1)..]);

        // The archive goes through a temporary file: memory stays bounded whatever the size of what is copied.
        var temporary = TemporaryFile();
        await using (temporary.ConfigureAwait(false))
        {
            await TarExtraction.WriteAsync(temporary, source, rootName, cancellationToken).ConfigureAwait(false);
            temporary.Position = 0;
            await CallAsync(
                RequestLine("PUT", $"/containers/{containerId}/archive"),
                ApiResource.Container,
                containerId,
                token => Client.Containers.ExtractArchiveToContainerAsync(containerId, new CopyToContainerParameters { Path = target }, temporary, token),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> IsContainerDirectoryAsync(string containerId, string containerPath, CancellationToken cancellationToken)
    {
        try
        {
            var stat = await CallAsync(RequestLine("HEAD", $"/containers/{containerId}/archive"), ApiResource.Container, containerId, token => Client.Containers.GetArchiveFromContainerAsync(containerId, new ContainerPathStatParameters { Path = containerPath }, true, token), cancellationToken).ConfigureAwait(false);
            return (stat.Stat.Mode & GoModeDirectory) != 0;
        }
        catch (ContainerNotFoundException)
        {
            // Cancelled meanwhile: the existence check below would not run; the caller hears of its cancellation.
            cancellationToken.ThrowIfCancellationRequested();

            // HEAD answers 404 without a body for a missing path too: when the container exists, the path is the new name.
            return await ContainerExistsAsync(containerId, cancellationToken).ConfigureAwait(false)
                ? false
                : throw new ContainerNotFoundException(containerId, "container cp", Connection.Kind, "no such container");
        }
    }

    private static FileStream TemporaryFile() =>
        new(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private static string ParentOf(string containerPath)
    {
        var slash = containerPath.LastIndexOf('/');
        return slash <= 0 ? "/" : containerPath[..slash];
    }
}

/// <summary>Writes and extracts the tar archives of copies in and out; the archive's root entry may be renamed, as <c>docker cp</c> does.</summary>
internal static class TarExtraction
{
    /// <summary>Writes <paramref name="source"/> (a file or a directory tree) as a tar whose root entry is <paramref name="rootName"/>.</summary>
    public static async Task WriteAsync(Stream destination, string source, string rootName, CancellationToken cancellationToken)
    {
        var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await WriteEntryAsync(writer, source, rootName, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteEntryAsync(TarWriter writer, string path, string entryName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await writer.WriteEntryAsync(path, entryName, cancellationToken).ConfigureAwait(false);
        var info = new FileInfo(path);
        if (info.Attributes.HasFlag(FileAttributes.Directory) && info.LinkTarget is null)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
            {
                await WriteEntryAsync(writer, child, $"{entryName}/{Path.GetFileName(child)}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Extracts a tar into <paramref name="destination"/>, renaming its root entry to <paramref name="rename"/> when given.</summary>
    /// <exception cref="InvalidDataException">An entry would land outside the destination.</exception>
    public static async Task<bool> ExtractAsync(Stream archive, string destination, string? rename, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(destination);
        var reader = new TarReader(archive, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            TarEntry? entry;
            while ((entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false)) is not null)
            {
                var name = entry.Name.TrimStart('/');
                if (rename is not null)
                {
                    var slash = name.IndexOf('/', StringComparison.Ordinal);
                    name = slash < 0 ? rename : rename + name[slash..];
                }

                var target = Path.GetFullPath(Path.Combine(root, name));
                if (!target.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && target != root)
                {
                    throw new InvalidDataException($"The container's archive holds the entry '{entry.Name}', which would land outside '{root}'.");
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        if (!OperatingSystem.IsWindows())
                        {
                            File.SetUnixFileMode(target, entry.Mode);
                        }

                        break;
                    case TarEntryType.SymbolicLink:
                        File.Delete(target);
                        File.CreateSymbolicLink(target, entry.LinkName);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        // Hard links, devices and FIFOs are not copied out (docker cp does not create devices either).
                        break;
                }
            }
        }

        return true;
    }
}
