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
/// <param name="RelativePath">The path relative to the context root, <c>/</c>-separated (for a name that is not valid UTF-8, as .NET decodes it: see <see cref="RawRelativePath"/>).</param>
/// <param name="FullPath">The absolute path on disk (decoded the same way).</param>
/// <param name="Mode">The Unix permission bits as four octal digits (for example <c>0644</c>); <see langword="null"/> for a link.</param>
/// <param name="Length">The size in bytes of a file when it was listed; 0 otherwise.</param>
/// <param name="LinkTarget">The target text of a link; <see langword="null"/> otherwise.</param>
internal sealed record ContextEntry(
    ContextEntryKind Kind, string RelativePath, string FullPath, string? Mode, long Length, string? LinkTarget)
{
    /// <summary>The relative path's bytes when a name in it is not valid UTF-8 (<see cref="RelativePath"/> cannot say it); otherwise null.</summary>
    public byte[]? RawRelativePath { get; init; }

    /// <summary>The full path's bytes when a name in it is not valid UTF-8 (the entry is opened by these); otherwise null.</summary>
    public byte[]? RawFullPath { get; init; }

    /// <summary>A link's target bytes when they are not valid UTF-8; otherwise null.</summary>
    public byte[]? RawLinkTarget { get; init; }

    /// <summary>Whether a path or target of this entry is not valid UTF-8, so only its bytes say it.</summary>
    public bool HasRawBytes => RawRelativePath is not null || RawFullPath is not null || RawLinkTarget is not null;

    /// <summary>The full path for a message: invalid bytes shown as <c>\xNN</c>.</summary>
    public string DisplayPath => RawFullPath is null ? FullPath : RawNames.Display(RawFullPath);
}

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
        Walk(new DirectoryRef(root.FullName, RawFullPath: null, Prefix: "", RawPrefix: null), ignore, entries, pendingAncestors, cancellationToken);
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
                    PushPath(hasher, entry);
                    hasher.Push(entry.Mode!);
                    await PushFileContentAsync(hasher, entry, cancellationToken).ConfigureAwait(false);
                    break;
                case ContextEntryKind.Directory:
                    hasher.Push("dir");
                    PushPath(hasher, entry);
                    hasher.Push(entry.Mode!);
                    break;
                case ContextEntryKind.SymbolicLink:
                    hasher.Push("symlink");
                    PushPath(hasher, entry);
                    if (entry.RawLinkTarget is { } target)
                    {
                        hasher.Push(target);
                    }
                    else
                    {
                        hasher.Push(entry.LinkTarget!);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Unknown context entry kind {entry.Kind}.");
            }
        }
    }

    // A name's bytes are its UTF-8 encoding when it is valid UTF-8, so the framing is the same for both kinds of name.
    private static void PushPath(SegmentHasher hasher, ContextEntry entry)
    {
        if (entry.RawRelativePath is { } raw)
        {
            hasher.Push(raw);
        }
        else
        {
            hasher.Push(entry.RelativePath);
        }
    }

    /// <summary>Opens a file entry of the context for reading (by its bytes when its path is not valid UTF-8).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    internal static FileStream OpenFile(ContextEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.RawFullPath is { } raw)
        {
            // No FileStream buffer: the readers read through their own buffers.
            return new FileStream(RawNames.OpenRead(raw), FileAccess.Read, bufferSize: 0);
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        };
        return new FileStream(entry.FullPath, options);
    }

    private static async Task PushFileContentAsync(SegmentHasher hasher, ContextEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var stream = OpenFile(entry);
            await using (stream.ConfigureAwait(false))
            {
                await hasher.PushStreamAsync(stream, entry.Length, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BuildContextException(
                $"Cannot hash the build context file '{entry.DisplayPath}': {ex.Message}", entry.DisplayPath, ex);
        }
    }

    // A directory being walked: its path as text, and as bytes when a name in it is not valid UTF-8 (then everything below is read by bytes).
    private sealed record DirectoryRef(string FullPath, byte[]? RawFullPath, string Prefix, byte[]? RawPrefix);

    // A directory entry from either listing: Info from .NET's, Raw from the byte listing; RawName only when the name is not valid UTF-8.
    private sealed record Child(string Name, byte[]? RawName, byte[] SortKey, FileSystemInfo? Info, RawEntry? Raw);

    private static void Walk(
        DirectoryRef directory,
        DockerIgnore ignore,
        List<ContextEntry> entries,
        List<ContextEntry> pendingAncestors,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var children = ListChildren(directory);
        children.Sort(static (a, b) => a.SortKey.AsSpan().SequenceCompareTo(b.SortKey));
        foreach (var child in children)
        {
            var relativePath = directory.Prefix + child.Name;
            var fullPath = Path.Join(directory.FullPath, child.Name);
            byte[]? rawRelative = null, rawFull = null;
            if (child.RawName is not null || directory.RawFullPath is not null)
            {
                var name = child.RawName ?? RawNames.Bytes(child.Name);
                rawRelative = [.. directory.RawPrefix ?? RawNames.Bytes(directory.Prefix), .. name];
                rawFull = RawNames.Combine(directory.RawFullPath ?? RawNames.Bytes(directory.FullPath), name);
            }

            var excluded = ignore.IsExcluded(relativePath);
            var kind = child.Raw?.Kind ?? GetKind(child.Info!);
            if (kind == UnixFileKind.Directory)
            {
                if (excluded && !ignore.MayReincludeBelow(relativePath))
                {
                    continue;
                }

                var entry = new ContextEntry(ContextEntryKind.Directory, relativePath, fullPath, GetMode(child), 0, null)
                {
                    RawRelativePath = rawRelative,
                    RawFullPath = rawFull,
                };
                var below = new DirectoryRef(fullPath, rawFull, relativePath + "/", rawRelative is null ? null : [.. rawRelative, (byte)'/']);
                if (excluded)
                {
                    // Listed only if something below it is re-included.
                    pendingAncestors.Add(entry);
                    Walk(below, ignore, entries, pendingAncestors, cancellationToken);
                    if (pendingAncestors.Count > 0 && ReferenceEquals(pendingAncestors[^1], entry))
                    {
                        pendingAncestors.RemoveAt(pendingAncestors.Count - 1);
                    }
                }
                else
                {
                    Include(entry, entries, pendingAncestors);
                    Walk(below, ignore, entries, pendingAncestors, cancellationToken);
                }

                continue;
            }

            if (excluded)
            {
                continue;
            }

            var shown = rawFull is null ? fullPath : RawNames.Display(rawFull);
            switch (kind)
            {
                case UnixFileKind.Regular:
                    var length = child.Raw?.Size ?? ((FileInfo)child.Info!).Length;
                    Include(
                        new ContextEntry(ContextEntryKind.File, relativePath, fullPath, GetMode(child), length, null) { RawRelativePath = rawRelative, RawFullPath = rawFull },
                        entries,
                        pendingAncestors);
                    break;
                case UnixFileKind.SymbolicLink:
                    var (target, rawTarget) = GetLinkTarget(child, rawFull ?? RawNames.Bytes(fullPath), shown);
                    Include(
                        new ContextEntry(ContextEntryKind.SymbolicLink, relativePath, fullPath, null, 0, target) { RawRelativePath = rawRelative, RawFullPath = rawFull, RawLinkTarget = rawTarget },
                        entries,
                        pendingAncestors);
                    break;
                default:
                    throw new BuildContextException(
                        $"The build context entry '{shown}' is a {Describe(kind)}, which cannot be sent to a container engine. "
                        + "Remove it from the context directory or exclude it in .dockerignore.",
                        shown);
            }
        }
    }

    // .NET's listing, unless a name in it may not be valid UTF-8 (.NET shows it with U+FFFD and cannot open it): then the byte listing.
    private static List<Child> ListChildren(DirectoryRef directory)
    {
        var shown = directory.RawFullPath is null ? directory.FullPath : RawNames.Display(directory.RawFullPath);
        try
        {
            if (directory.RawFullPath is null)
            {
                var infos = new DirectoryInfo(directory.FullPath).GetFileSystemInfos("*", s_oneLevel);
                if (!RawNames.IsSupported || !Array.Exists(infos, static info => RawNames.MayBeLossy(info.Name)))
                {
                    return infos.Select(static info => new Child(info.Name, null, RawNames.Bytes(info.Name), info, null)).ToList();
                }
            }

            return RawNames.List(directory.RawFullPath ?? RawNames.Bytes(directory.FullPath))
                .Select(static raw => System.Text.Unicode.Utf8.IsValid(raw.Name)
                    ? new Child(RawNames.Decode(raw.Name), null, raw.Name, null, raw)
                    : new Child(RawNames.Decode(raw.Name), raw.Name, raw.Name, null, raw))
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BuildContextException($"Cannot read the build context directory '{shown}': {ex.Message}", shown, ex);
        }
    }

    private static string GetMode(Child child) =>
        child.Raw is { } raw ? Octal(raw.PermissionBits) : GetMode(child.Info!);

    private static string Octal(int bits) => Convert.ToString(bits, 8).PadLeft(4, '0');

    // .NET's target text, unless it may not be valid UTF-8: then the link's bytes.
    private static (string Text, byte[]? Raw) GetLinkTarget(Child child, byte[] path, string shown)
    {
        if (child.Info?.LinkTarget is { } text && (!RawNames.IsSupported || !RawNames.MayBeLossy(text)))
        {
            return (text, null);
        }

        try
        {
            var target = RawNames.ReadLink(path);
            return System.Text.Unicode.Utf8.IsValid(target) ? (RawNames.Decode(target), null) : (RawNames.Decode(target), target);
        }
        catch (IOException ex)
        {
            throw new BuildContextException($"Cannot read the build context link '{shown}': {ex.Message}", shown, ex);
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
            return Octal((int)entry.UnixFileMode);
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
