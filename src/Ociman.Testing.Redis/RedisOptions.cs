using System.Globalization;
using System.Text;

namespace Ociman.Testing.Redis;

/// <summary>What a <see cref="RedisModule"/> runs: the image, an optional password, seed steps and an optional snapshot name.</summary>
/// <remarks>Validated when the module is constructed; an <see cref="ArgumentException"/> names the property, the bad value and what is allowed.</remarks>
public sealed record RedisOptions
{
    /// <summary>The longest password accepted.</summary>
    public const int MaxPasswordLength = 512;

    /// <summary>The characters a password may hold besides ASCII letters and digits.</summary>
    /// <remarks>
    /// Printable ASCII without space, quotes, backquote, backslash and comma: the password goes into a Redis
    /// configuration line and into a StackExchange.Redis connection string (where a comma separates options).
    /// </remarks>
    public const string PasswordPunctuation = "!#$%&()*+-./:;<=>?@[]^_{|}~";

    /// <summary>The image to run, or null (the default) for the offline kit's image, <see cref="Images.OfflineImages.RedisAsync"/>, built from Debian's <c>redis-server</c> package.</summary>
    /// <remarks>Set it to an upstream image such as <c>redis:7</c>; it is pulled only when absent. It must meet the official image's contract (a shell, <c>redis-server</c> and <c>redis-cli</c> on <c>PATH</c>, a <c>redis</c> user).</remarks>
    public ImageReference? Image { get; init; }

    /// <summary>The password clients must give (Redis' <c>requirepass</c>), or null (the default) for none.</summary>
    /// <remarks>
    /// It reaches the container as the environment value <c>REDISCLI_AUTH</c> (never a command line or a log): the
    /// container's start script writes it into the configuration <c>redis-server</c> reads from standard input, and
    /// every <c>redis-cli</c> run with <c>exec</c> in the container authenticates with it. 1 to <see cref="MaxPasswordLength"/>
    /// characters: ASCII letters, digits and <see cref="PasswordPunctuation"/>.
    /// </remarks>
    public string? Password { get; init; }

    /// <summary>Seed steps, run in order once the server answers (e.g. <see cref="RedisSeed.Commands"/>); empty by default.</summary>
    public IReadOnlyList<SeedStep> Seeds { get; init; } = [];

    /// <summary>The repository name (no tag) the seeded state is committed under, or null (the default) to run the seeds on every start.</summary>
    /// <remarks>With seeds, the first start commits the seeded, saved data as <c>name:&lt;snapshot key&gt;</c> and later starts run that image (no seed step runs).</remarks>
    public ImageReference? SnapshotName { get; init; }

    /// <summary>Throws when an option is invalid.</summary>
    internal void Validate()
    {
        if (Password is { } password && PasswordProblem(password) is { } problem)
        {
            throw new ArgumentException(
                $"{nameof(Password)} {Quote(password)} is not allowed: {problem}. A password has 1 to {MaxPasswordLength} characters: ASCII letters, digits and {PasswordPunctuation} (or is null for none).",
                nameof(Password));
        }

        ArgumentNullException.ThrowIfNull(Seeds, nameof(Seeds));
        for (var i = 0; i < Seeds.Count; i++)
        {
            if (Seeds[i] is null)
            {
                throw new ArgumentException($"{nameof(Seeds)}[{i}] is null; every seed step must be set (e.g. RedisSeed.Commands(\"SET key value\")).", nameof(Seeds));
            }
        }

        if (SnapshotName is { } name && (name.Tag is not null || name.Digest is not null))
        {
            throw new ArgumentException(
                $"{nameof(SnapshotName)} '{name}' has a tag or digest; a snapshot name is a bare repository name such as 'myapp/redis-seeded' (the tag is the snapshot key).",
                nameof(SnapshotName));
        }
    }

    private static string? PasswordProblem(string password)
    {
        if (password.Length == 0)
        {
            return "it is empty (use null for no password)";
        }

        if (password.Length > MaxPasswordLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it has {password.Length} characters");
        }

        foreach (var c in password)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !PasswordPunctuation.Contains(c, StringComparison.Ordinal))
            {
                return string.Create(CultureInfo.InvariantCulture, $"it contains '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())}'");
            }
        }

        return null;
    }

    // The record's ToString would print the password; this one shows only whether there is one.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Image = {Image?.ToString() ?? "(the kit's image)"}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Password = {(Password is null ? "(none)" : "(set)")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Seeds = {Seeds?.Count ?? 0} step(s), ");
        builder.Append(CultureInfo.InvariantCulture, $"SnapshotName = {SnapshotName?.ToString() ?? "(none)"}");
        return true;
    }

    // The value is shown only when it was rejected, so the message helps; a secret that is rejected is not in use.
    private static string Quote(string value) => value.Length > 40 ? $"'{value[..40]}…'" : $"'{value}'";
}
