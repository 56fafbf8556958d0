namespace Ociman.Images;

/// <summary>Images the tests, examples and benchmarks use, built from Debian packages on this machine: nothing is pulled.</summary>
/// <remarks>
/// Each image is a content-addressed build, so a machine that has it already does no work: the tag is the hash of
/// the build context, and <see cref="Engine.BuildIfAbsentAsync(ImageBuild, CancellationToken)"/> returns at once when the image is present.
/// </remarks>
public static partial class OfflineImages
{
    /// <summary>Where Debian's <c>busybox-static</c> package puts its static binary.</summary>
    public const string BusyBoxBinary = "/bin/busybox";

    /// <summary>The repository name of the BusyBox image.</summary>
    public static readonly ImageReference BusyBoxName = ImageReference.Parse("ociman-test/busybox");

    private const string BusyBoxDockerfile = """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "--install", "-s", "/bin"]
        CMD ["sh"]
        """;

    /// <summary>A BusyBox image (about 2 MB: <c>sh</c>, <c>sleep</c>, <c>echo</c>, <c>nc</c>, <c>wget</c>, <c>httpd</c>…) built from <c>busybox-static</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>busybox-static</c> is not installed.</exception>
    public static Task<ImageReference> BusyBoxAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var context = PrepareContext("busybox", BusyBoxDockerfile, (BusyBoxBinary, "busybox"));
        return engine.BuildIfAbsentAsync(ImageBuild.FromDirectory(context).WithContentAddressedTag(BusyBoxName), cancellationToken);
    }

    /// <summary>The kit's cache directory: <c>$XDG_CACHE_HOME/ociman</c>, else <c>~/.cache/ociman</c>.</summary>
    public static string CacheDirectory =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "ociman");

    /// <summary>The directory of the build context <paramref name="name"/> under <see cref="CacheDirectory"/>.</summary>
    private static string ContextDirectory(string name) => Path.Combine(CacheDirectory, "contexts", name);

    /// <summary>Writes a build context under the user's cache directory (only files whose content changed are rewritten).</summary>
    private static string PrepareContext(string name, string dockerfile, params (string Source, string Target)[] files)
    {
        var dir = ContextDirectory(name);
        Directory.CreateDirectory(dir);
        WriteIfChanged(Path.Combine(dir, "Dockerfile"), System.Text.Encoding.UTF8.GetBytes(dockerfile + "\n"));
        foreach (var (source, target) in files)
        {
            if (!File.Exists(source))
            {
                throw new InvalidOperationException($"'{source}' is missing: install Debian's busybox-static package (eng/provision-engines.sh does).");
            }

            var destination = Path.Combine(dir, target);
            WriteIfChanged(destination, File.ReadAllBytes(source), OperatingSystem.IsWindows() ? RegularFileMode : File.GetUnixFileMode(source));
        }

        return dir;
    }

    /// <summary>The mode of the kit's context files (rw-r--r--), set explicitly so that the umask cannot change a content hash.</summary>
    private const UnixFileMode RegularFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static void WriteIfChanged(string path, byte[] content, UnixFileMode mode = RegularFileMode)
    {
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            File.WriteAllBytes(path, content);
        }

        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != mode)
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
