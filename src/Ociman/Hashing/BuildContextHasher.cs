using System.Text;

namespace Ociman.Hashing;

/// <summary>The kind of an entry of a build context, as it enters the hash.</summary>
internal enum ContextEntryKind
{
    /// <summary>A regular file: hashed with its mode bits and content.</summary>
    File,

    /// <summary>A directory, empty or not: hashed with its mode bits.</summary>
    Directory,

    /// <summary>A symbolic link: hashed with its target text, never followed.</summary>
    SymbolicLink,
}

/// <summary>One entry of a build context that the engine would receive.</summary>
/// <param name="Kind">File, directory or symbolic link.</param>
/// <param name="RelativePath">The path relative to the context root, <c>/</c>-separated.</param>
/// <param name="FullPath">The absolute path on disk.</param>
/// <param name="Mode">The Unix permission bits as four octal digits (for example <c>0644</c>); <see langword="null"/> for a link.</param>
/// <param name="Length">The size in bytes of a file when it was listed; 0 otherwise.</param>
/// <param name="LinkTarget">The target text of a link; <see langword="null"/> otherwise.</param>
internal sealed record ContextEntry(
    ContextEntryKind Kind, string RelativePath, string FullPath, string? Mode, long Length, string? LinkTarget);

/// <summary>Lists and hashes the entries of a build context directory, honouring <c>.dockerignore</c>.</summary>
internal static class BuildContextHasher
{
    /// <summary>The segment that names the context section.</summary>
    public const string SectionName = "context";

    private static readonly EnumerationOptions s_oneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,

        // The default skips hidden entries, which on Unix means every dot file: the engine sends those, so the hash must see them.
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
        MatchCasing = MatchCasing.PlatformDefault,
    };

    /// <summary>Lists the entries the engine would receive, depth-first, each directory's entries in byte-wise ordinal order of their UTF-8 names.</summary>
    /// <remarks>
    /// An excluded directory is not listed and, unless an exception pattern could re-include something below it, not entered.
    /// When something below an excluded directory is re-included, its excluded ancestor directories are listed just before it,
    /// because the engine has to create them to hold it.
    /// </remarks>
    /// <exception cref="BuildContextException">The context is missing or unreadable, or holds a named pipe, socket or device.</exception>
    public static IReadOnlyList<ContextEntry> ListEntries(string contextDirectory, DockerIgnore ignore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contextDirectory);
        ArgumentNullException.ThrowIfNull(ignore);
        var root = new DirectoryInfo(Path.GetFullPath(contextDirectory));
        if (!root.Exists)
        {
            throw new BuildContextException($"The build context directory '{root.FullName}' does not exist.", root.FullName);
        }

        var entries = new List<ContextEntry>();
        var pendingAncestors = new List<ContextEntry>();
        Walk(root, prefix: "", ignore, entries, pendingAncestors, cancellationToken);
        return entries;
    }

    /// <summary>Pushes the context section: <c>"context"</c>, the entry count, then each entry's type-tagged segments (file contents streamed).</summary>
    /// <exception cref="BuildContextException">A file cannot be read, or changed size while it was hashed.</exception>
    public static async Task PushSectionAsync(SegmentHasher hasher, IReadOnlyList<ContextEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(entries);
        hasher.Push(SectionName);
        hasher.PushNumber(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (entry.Kind)
            {
                case ContextEntryKind.File:
                    hasher.Push("file");
                    hasher.Push(entry.RelativePath);
                    hasher.Push(entry.Mode!);
                    await PushFileContentAsync(hasher, entry, cancellationToken).ConfigureAwait(false);
                    break;
                case ContextEntryKind.Directory:
                    hasher.Push("dir");
                    hasher.Push(entry.RelativePath);
                    hasher.Push(entry.Mode!);
                    break;
                case ContextEntryKind.SymbolicLink:
                    hasher.Push("symlink");
                    hasher.Push(entry.RelativePath);
                    hasher.Push(entry.LinkTarget!);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown context entry kind {entry.Kind}.");
            }
        }
    }

    private static async Task PushFileContentAsync(SegmentHasher hasher, ContextEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,

                // No FileStream buffer: the hasher reads through its own pooled buffer.
                BufferSize = 0,
                Options = FileOptions.SequentialScan,
            };
            var stream = new FileStream(entry.FullPath, options);
            await using (stream.ConfigureAwait(false))
            {
                await hasher.PushStreamAsync(stream, entry.Length, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BuildContextException(
                $"Cannot hash the build context file '{entry.FullPath}': {ex.Message}", entry.FullPath, ex);
        }
    }

    private static void Walk(
        DirectoryInfo directory,
        string prefix,
        DockerIgnore ignore,
        List<ContextEntry> entries,
        List<ContextEntry> pendingAncestors,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileSystemInfo[] children;
        try
        {
            children = directory.GetFileSystemInfos("*", s_oneLevel);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BuildContextException(
                $"Cannot read the build context directory '{directory.FullName}': {ex.Message}", directory.FullName, ex);
        }

        Array.Sort(children, static (a, b) => Utf8Ordinal.Compare(a.Name, b.Name));
        foreach (var child in children)
        {
            var relativePath = prefix + child.Name;
            var excluded = ignore.IsExcluded(relativePath);
            var kind = GetKind(child);
            if (kind == UnixFileKind.Directory)
            {
                if (excluded && !ignore.MayReincludeBelow(relativePath))
                {
                    continue;
                }

                var entry = new ContextEntry(ContextEntryKind.Directory, relativePath, child.FullName, GetMode(child), 0, null);
                if (excluded)
                {
                    // Listed only if something below it is re-included.
                    pendingAncestors.Add(entry);
                    Walk((DirectoryInfo)child, relativePath + "/", ignore, entries, pendingAncestors, cancellationToken);
                    if (pendingAncestors.Count > 0 && ReferenceEquals(pendingAncestors[^1], entry))
                    {
                        pendingAncestors.RemoveAt(pendingAncestors.Count - 1);
                    }
                }
                else
                {
                    Include(entry, entries, pendingAncestors);
                    Walk((DirectoryInfo)child, relativePath + "/", ignore, entries, pendingAncestors, cancellationToken);
                }

                continue;
            }

            if (excluded)
            {
                continue;
            }

            switch (kind)
            {
                case UnixFileKind.Regular:
                    var file = (FileInfo)child;
                    Include(new ContextEntry(ContextEntryKind.File, relativePath, child.FullName, GetMode(child), file.Length, null), entries, pendingAncestors);
                    break;
                case UnixFileKind.SymbolicLink:
                    Include(new ContextEntry(ContextEntryKind.SymbolicLink, relativePath, child.FullName, null, 0, child.LinkTarget), entries, pendingAncestors);
                    break;
                default:
                    throw new BuildContextException(
                        $"The build context entry '{child.FullName}' is a {Describe(kind)}, which cannot be sent to a container engine. "
                        + "Remove it from the context directory or exclude it in .dockerignore.",
                        child.FullName);
            }
        }
    }

    private static void Include(ContextEntry entry, List<ContextEntry> entries, List<ContextEntry> pendingAncestors)
    {
        entries.AddRange(pendingAncestors);
        pendingAncestors.Clear();
        entries.Add(entry);
    }

    private static UnixFileKind GetKind(FileSystemInfo entry)
    {
        try
        {
            return UnixFileType.Get(entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BuildContextException(
                $"Cannot examine the build context entry '{entry.FullName}': {ex.Message}", entry.FullName, ex);
        }
    }

    private static string GetMode(FileSystemInfo entry)
    {
        // Windows has no Unix mode bits; the Docker CLI sends 0755 for everything it archives there.
        if (OperatingSystem.IsWindows())
        {
            return "0755";
        }

        try
        {
            return Convert.ToString((int)entry.UnixFileMode, 8).PadLeft(4, '0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BuildContextException(
                $"Cannot read the mode of the build context entry '{entry.FullName}': {ex.Message}", entry.FullName, ex);
        }
    }

    private static string Describe(UnixFileKind kind) => kind switch
    {
        UnixFileKind.Fifo => "named pipe (FIFO)",
        UnixFileKind.Socket => "socket",
        UnixFileKind.CharacterDevice => "character device",
        UnixFileKind.BlockDevice => "block device",
        _ => "file of an unknown type",
    };
}

/// <summary>Compares strings by the bytes of their UTF-8 encodings (which is Unicode code point order).</summary>
internal static class Utf8Ordinal
{
    /// <summary>Compares <paramref name="a"/> and <paramref name="b"/> byte-wise as UTF-8.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }
}
