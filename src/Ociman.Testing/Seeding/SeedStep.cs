using System.Text;

namespace Ociman.Testing;

/// <summary>One step that puts state into a container (e.g. SQL piped into <c>psql</c>), and what of it enters the snapshot key.</summary>
/// <remarks>
/// Seed steps run in order after the container is ready. Their <see cref="Kind"/>, <see cref="Description"/> and
/// content enter the snapshot key (type-tagged and length-prefixed), so changing a step, its order or its input gives
/// a new snapshot.
/// </remarks>
public abstract class SeedStep
{
    /// <summary>A short type tag for the snapshot key, e.g. <c>pipe-text</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Describes the step for logs and messages.</summary>
    public abstract string Description { get; }

    /// <summary>Adds what the step depends on to the snapshot key (after its kind and description).</summary>
    protected internal abstract Task AddToKeyAsync(SegmentHasher hasher, CancellationToken cancellationToken);

    /// <summary>Applies the step to a running, ready container.</summary>
    public abstract Task ApplyAsync(Container container, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>The built-in seed steps, all carried out through <c>exec</c> and <c>cp</c> (no host tools needed).</summary>
public static class Seed
{
    /// <summary>Runs a command in the container; it must exit with code 0.</summary>
    public static SeedStep Exec(string executable, params string[] arguments) =>
        new ExecStep("exec", null, null, executable, arguments);

    /// <summary>Pipes <paramref name="text"/> into a command's standard input, e.g. SQL into <c>psql</c>.</summary>
    public static SeedStep PipeText(string text, string executable, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ExecStep("pipe-text", text, null, executable, arguments);
    }

    /// <summary>Pipes a host file into a command's standard input (streamed; its content enters the snapshot key).</summary>
    /// <exception cref="ArgumentException">The file does not exist.</exception>
    public static SeedStep PipeFile(string hostPath, string executable, params string[] arguments)
    {
        RequireFile(hostPath);
        return new ExecStep("pipe-file", null, Path.GetFullPath(hostPath), executable, arguments);
    }

    /// <summary>Runs a shell script in the container (piped into <c><paramref name="shell"/> -s</c>).</summary>
    public static SeedStep Script(string script, string shell = "sh")
    {
        ArgumentNullException.ThrowIfNull(script);
        return new ExecStep("script", script, null, shell, ["-s"]);
    }

    /// <summary>Copies a host file or directory into the container.</summary>
    /// <exception cref="ArgumentException">The host path does not exist or the container path is not absolute.</exception>
    public static SeedStep CopyIn(string hostPath, string containerPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        ArgumentException.ThrowIfNullOrEmpty(containerPath);
        if (!File.Exists(hostPath))
        {
            throw new ArgumentException($"'{hostPath}' is not an existing file; only files can be seeded by copy.", nameof(hostPath));
        }

        if (!containerPath.StartsWith('/'))
        {
            throw new ArgumentException($"'{containerPath}' is not an absolute container path: it must start with '/'.", nameof(containerPath));
        }

        return new CopyStep(Path.GetFullPath(hostPath), containerPath);
    }

    private static void RequireFile(string hostPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        if (!File.Exists(hostPath))
        {
            throw new ArgumentException($"'{hostPath}' is not an existing file.", nameof(hostPath));
        }
    }

    private static async Task AddFileAsync(SegmentHasher hasher, string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        await hasher.PushStreamAsync(stream, stream.Length, cancellationToken).ConfigureAwait(false);
    }

    private sealed class ExecStep(string kind, string? text, string? file, string executable, string[] arguments) : SeedStep
    {
        public override string Kind => kind;

        public override string Description => kind switch
        {
            "pipe-file" => $"pipe {Path.GetFileName(file)} into `{CommandLine}`",
            "pipe-text" => $"pipe {Encoding.UTF8.GetByteCount(text!)} bytes into `{CommandLine}`",
            "script" => $"run a {Encoding.UTF8.GetByteCount(text!)}-byte script with `{CommandLine}`",
            _ => $"run `{CommandLine}`",
        };

        private string CommandLine => string.Join(' ', [executable, .. arguments]);

        protected internal override async Task AddToKeyAsync(SegmentHasher hasher, CancellationToken cancellationToken)
        {
            hasher.Push(executable);
            hasher.PushNumber(arguments.Length);
            foreach (var argument in arguments)
            {
                hasher.Push(argument);
            }

            if (text is not null)
            {
                hasher.Push(text);
            }
            else if (file is not null)
            {
                await AddFileAsync(hasher, file, cancellationToken).ConfigureAwait(false);
            }
        }

        public override async Task ApplyAsync(Container container, CancellationToken cancellationToken)
        {
            var command = container.Exec(executable, arguments);
            if (text is not null)
            {
                await command.WithStandardInput(text).StatusAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (file is not null)
            {
                await using var stream = File.OpenRead(file);
                await command.WithStandardInput(stream).StatusAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await command.StatusAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class CopyStep(string hostPath, string containerPath) : SeedStep
    {
        public override string Kind => "copy-in";

        public override string Description => $"copy {Path.GetFileName(hostPath)} to {containerPath}";

        protected internal override async Task AddToKeyAsync(SegmentHasher hasher, CancellationToken cancellationToken)
        {
            hasher.Push(containerPath);
            await AddFileAsync(hasher, hostPath, cancellationToken).ConfigureAwait(false);
        }

        public override Task ApplyAsync(Container container, CancellationToken cancellationToken) =>
            container.CopyToAsync(hostPath, containerPath, cancellationToken);
    }
}
