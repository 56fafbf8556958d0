using System.Text;

namespace Ociman.Testing.Redis;

/// <summary>Seed steps for Redis: commands in <c>redis-cli</c> syntax, one per line, run in the container.</summary>
/// <remarks>
/// The commands are piped into <c>redis-cli</c> inside the container (which authenticates with the module's password
/// on its own). Each line is one command, split like <c>redis-cli</c> splits its arguments: quote values with spaces
/// (<c>SET greeting "hello world"</c>). Blank lines and lines starting with <c>#</c> are skipped. Commands go to
/// database 0 unless a <c>SELECT n</c> line picks another. A command Redis rejects fails the step
/// (<see cref="SeedFailedException"/>, with Redis' error). The commands, or the file's content, enter the snapshot key.
/// </remarks>
public static class RedisSeed
{
    // redis-cli reading commands from standard input prints an error reply and carries on, exiting with code 0. With
    // --no-raw every value is quoted and every error reply starts a line with "(error)", so the script can tell.
    // redis-cli has no comments: they are removed first, with blank lines.
    internal const string CheckedCli = """
        out=$(sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' | redis-cli --no-raw 2>&1) || { printf '%s\n' "$out" >&2; exit 1; }
        if printf '%s\n' "$out" | grep -q '^(error)'; then
            printf 'redis-cli rejected a seed command:\n%s\n' "$(printf '%s\n' "$out" | grep '^(error)')" >&2
            exit 1
        fi
        """;

    /// <summary>A step that runs <paramref name="commands"/> (one per line) with <c>redis-cli</c> in the container.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="commands"/> is null.</exception>
    public static SeedStep Commands(string commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return new CommandsStep(commands, null);
    }

    /// <summary>A step that runs the commands in the host file <paramref name="path"/> (one per line) with <c>redis-cli</c> in the container.</summary>
    /// <remarks>The file is streamed into the container when the step runs; its content enters the snapshot key.</remarks>
    /// <exception cref="ArgumentException">The path is empty or the file does not exist.</exception>
    public static SeedStep CommandsFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The Redis commands file '{path}' does not exist; give the path of an existing file with one redis-cli command per line.", nameof(path));
        }

        return new CommandsStep(null, Path.GetFullPath(path));
    }

    private sealed class CommandsStep(string? text, string? file) : SeedStep
    {
        public override string Kind => "redis-commands";

        public override string Description => file is null
            ? $"run {Encoding.UTF8.GetByteCount(text!)} bytes of commands with redis-cli"
            : $"run the commands in {Path.GetFileName(file)} with redis-cli";

        protected override async Task AddToKeyAsync(SegmentHasher hasher, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(hasher);
            hasher.Push(CheckedCli);
            if (file is null)
            {
                hasher.Push(text!);
                return;
            }

            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                await hasher.PushStreamAsync(stream, stream.Length, cancellationToken).ConfigureAwait(false);
            }
        }

        public override async Task ApplyAsync(Container container, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(container);
            var command = container.Exec("sh", "-c", CheckedCli);
            if (file is null)
            {
                await command.WithStandardInput(text!).StatusAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                await command.WithStandardInput(stream).StatusAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
