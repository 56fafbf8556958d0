using System.Globalization;
using System.Text;

namespace Ociman.Testing.PostgreSql;

/// <summary>How a <see cref="PostgreSqlModule"/> runs PostgreSQL: image, credentials, database, seeding and snapshot.</summary>
/// <remarks>
/// Validated when the module is constructed: a bad value throws <see cref="ArgumentException"/> naming the property,
/// the value and what is allowed (the password is never shown).
/// </remarks>
public sealed record PostgreSqlOptions
{
    /// <summary>The password <see cref="Password"/> defaults to: for throw-away test containers only.</summary>
    public const string DefaultPassword = "ociman-test-only";

    /// <summary>
    /// The image to run, e.g. <c>postgres:16</c> (pulled only when absent); null (the default) for the offline kit's
    /// PostgreSQL 15 built from Debian packages (<c>OfflineImages.PostgresAsync</c>, which honours <c>OCIMAN_POSTGRES_IMAGE</c>).
    /// </summary>
    /// <remarks>The image must meet the official <c>postgres</c> image's contract (<c>POSTGRES_*</c> variables, <c>PGDATA</c>, <c>psql</c> and <c>pg_isready</c> on <c>PATH</c>).</remarks>
    public ImageReference? Image { get; init; }

    /// <summary>The superuser created on the first start (<c>POSTGRES_USER</c>); default <c>postgres</c>. A lowercase identifier.</summary>
    public string Username { get; init; } = "postgres";

    /// <summary>The superuser's password (<c>POSTGRES_PASSWORD</c>); default <see cref="DefaultPassword"/>.</summary>
    /// <remarks>Passed to the container as an environment value only: never on a command line or in a log.</remarks>
    public string Password { get; init; } = DefaultPassword;

    /// <summary>The database created on the first start (<c>POSTGRES_DB</c>), which seeds and <see cref="PostgreSqlModule.ConnectionString"/> use; default <c>test</c>. A lowercase identifier.</summary>
    public string Database { get; init; } = "test";

    /// <summary>Seed steps run in order once the server is ready, e.g. <see cref="PostgreSqlSeed.Sql"/> and <see cref="PostgreSqlSeed.SqlFile"/>; default none.</summary>
    public IReadOnlyList<SeedStep> Seeds { get; init; } = [];

    /// <summary>
    /// The repository name (no tag) the seeded state is committed under, e.g. <c>myapp-tests/postgres</c>; later starts
    /// with the same image, options and seeds start from it. Null (the default): seeds run on every start.
    /// </summary>
    public ImageReference? SnapshotName { get; init; }

    /// <summary>The pattern <see cref="Username"/>, <see cref="Database"/> and per-test database names must match: a lowercase PostgreSQL identifier of 1–63 characters.</summary>
    public const string IdentifierPattern = "^[a-z_][a-z0-9_]{0,62}$";

    internal static bool IsIdentifier(string? value) => PostgreSqlModule.Databases.IsIdentifier(value);

    /// <summary>Throws when an option is not allowed.</summary>
    internal void Validate()
    {
        const string paramName = "options";
        if (!IsIdentifier(Username))
        {
            throw new ArgumentException(
                $"PostgreSqlOptions.Username is {Shown(Username)}: it must match {IdentifierPattern} (a lowercase identifier of 1–63 characters, e.g. postgres).",
                paramName);
        }

        if (string.IsNullOrEmpty(Password) || Password.Any(char.IsControl))
        {
            throw new ArgumentException(
                "PostgreSqlOptions.Password is empty or holds a control character (such as a line break): it must be a non-empty single line (the value is not shown).",
                paramName);
        }

        if (!IsIdentifier(Database))
        {
            throw new ArgumentException(
                $"PostgreSqlOptions.Database is {Shown(Database)}: it must match {IdentifierPattern} (a lowercase identifier of 1–63 characters, e.g. test).",
                paramName);
        }

        if (PostgreSqlModule.Databases.IsReserved(Database))
        {
            throw new ArgumentException(
                $"PostgreSqlOptions.Database is '{Database}': that name is reserved ({string.Join(", ", PostgreSqlModule.Databases.ReservedNames)}); choose another, e.g. test.",
                paramName);
        }

        if (Seeds is null || Seeds.Any(seed => seed is null))
        {
            throw new ArgumentException("PostgreSqlOptions.Seeds is null or holds a null step: it must be a list of seed steps (empty for none).", paramName);
        }

        if (SnapshotName is { } snapshot && (snapshot.Tag is not null || snapshot.Digest is not null))
        {
            throw new ArgumentException(
                $"PostgreSqlOptions.SnapshotName is '{snapshot}': it must be a bare repository name without tag or digest (the tag is the snapshot key), e.g. myapp-tests/postgres.",
                paramName);
        }
    }

    private static string Shown(string? value) => value is null ? "null" : $"'{value}'";

    // The record's ToString shows every option but the password, so options can be logged.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Image = {Image?.ToString() ?? "(kit)"}, Username = {Username}, Password = ***, Database = {Database}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Seeds = {Seeds?.Count ?? 0} step(s), SnapshotName = {SnapshotName?.ToString() ?? "(none)"}");
        return true;
    }
}
