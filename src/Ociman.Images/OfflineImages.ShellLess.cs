using System.Text;

namespace Ociman.Images;

public static partial class OfflineImages
{
    /// <summary>The repository name of the shell-less image.</summary>
    public static readonly ImageReference ShellLessName = ImageReference.Parse("ociman-test/shell-less");

    /// <summary>Where the shell-less image holds its one program.</summary>
    public const string ShellLessProgram = "/srv/busybox";

    /// <summary>The shell-less image's web root, holding <c>index.html</c> with the text <c>ok</c> and a newline.</summary>
    public const string ShellLessWebRoot = "/srv/www";

    private const string ShellLessDockerfile = """
        FROM scratch
        COPY busybox /srv/busybox
        COPY index.html /srv/www/index.html
        """;

    /// <summary>
    /// An image without a shell: <c>FROM scratch</c> with one static program, <see cref="ShellLessProgram"/> (Debian's
    /// <c>busybox-static</c>, applets reached only as <c>/srv/busybox APPLET …</c>), and a web root
    /// (<see cref="ShellLessWebRoot"/>). There is no <c>/bin</c>: <c>exec sh</c> fails, nothing is on <c>PATH</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>busybox-static</c> is not installed.</exception>
    public static Task<ImageReference> ShellLessAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var context = PrepareContext("shell-less", ShellLessDockerfile, (BusyBoxBinary, "busybox"));
        WriteIfChanged(Path.Combine(context, "index.html"), Encoding.UTF8.GetBytes("ok\n"));
        return engine.BuildIfAbsentAsync(ImageBuild.FromDirectory(context).WithContentAddressedTag(ShellLessName), cancellationToken);
    }
}
