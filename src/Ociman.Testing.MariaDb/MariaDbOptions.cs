using System.Text;

namespace Ociman.Testing.MariaDb;

/// <summary>How a <see cref="MariaDbModule"/> runs MariaDB: image, credentials, database, seeding and snapshot.</summary>
/// <remarks>
/// Validated when the module is constructed: a bad value throws <see cref="ArgumentException"/> naming the property,
/// the value and what is allowed (passwords are never shown).
/// </remarks>
public sealed record MariaDbOptions
{
    /// <summary>The password <see cref="Password"/> and <see cref="RootPassword"/> default to: for throw-away test containers only.</summary>
    public const string DefaultPassword = "ociman-test-only";

    /// <summary>The pattern <see cref="Username"/>, <see cref="Database"/> and per-test database names must match: a lowercase identifier of 1–64 characters.</summary>
    public const string IdentifierPattern = "^[a-z_][a-z0-9_]{0,63}$";

    /// <summary>
    /// The image to run, e.g. <c>mariadb:11</c> (pulled only when absent); null (the default) for the offline kit's
    /// MariaDB 10.11 built from Debian packages (<c>OfflineImages.MariaDbAsync</c>, which honours <c>OCIMAN_MARIADB_IMAGE</c>).
    /// </summary>
    /// <remarks>
    /// The image must meet the official <c>mariadb</c> image's contract (<c>MARIADB_*</c> variables, arguments starting
    /// with <c>-</c> passed to <c>mariadbd</c>, <c>mariadb</c>, <c>mariadb-admin</c> and <c>mariadb-dump</c> on <c>PATH</c>).
    /// </remarks>
    public ImageReference? Image { get; init; }

    /// <summary>The user created on the first start (<c>MARIADB_USER</c>), owner of <see cref="Database"/> and of per-test databases; default <c>test</c>. A lowercase identifier, not <c>root</c>.</summary>
    public string Username { get; init; } = "test";

    /// <summary>The password of <see cref="Username"/> (<c>MARIADB_PASSWORD</c>); default <see cref="DefaultPassword"/>.</summary>
    /// <remarks>Passed to the container as an environment value only: never on a command line or in a log.</remarks>
    public string Password { get; init; } = DefaultPassword;

    /// <summary>The password of <c>root</c> (<c>MARIADB_ROOT_PASSWORD</c>), with which seeds and per-test databases are made; default <see cref="DefaultPassword"/>.</summary>
    /// <remarks>Passed to the container as an environment value only: never on a command line or in a log.</remarks>
    public string RootPassword { get; init; } = DefaultPassword;

    /// <summary>The database created on the first start (<c>MARIADB_DATABASE</c>), which seeds and <see cref="MariaDbModule.ConnectionString"/> use; default <c>test</c>. A lowercase identifier.</summary>
    public string Database { get; init; } = "test";

    /// <summary>Seed steps run in order once the server is ready, e.g. <see cref="MariaDbSeed.Sql"/> and <see cref="MariaDbSeed.SqlFile"/>; default none.</summary>
    public IReadOnlyList<SeedStep> Seeds { get; init; } = [];

    /// <summary>
    /// The repository name (no tag) the seeded state is committed under, e.g. <c>myapp-tests/mariadb</c>; later starts
    /// with the same image, options and seeds start from it. Null (the default): seeds run on every start.
    /// </summary>
    public ImageReference? SnapshotName { get; init; }

    internal static bool IsIdentifier(string? value) => MariaDbModule.Databases.IsIdentifier(value);

    /// <summary>Throws when an option is not allowed.</summary>
    internal void Validate()
    {
        const string paramName = "options";
        if (!IsIdentifier(Username) || Username == "root")
        {
            throw new ArgumentException(
                $"MariaDbOptions.Username is {Shown(Username)}: it must match {IdentifierPattern} (a lowercase identifier of 1–64 characters, e.g. test) and not be root (root is configured by RootPassword).",
                paramName);
        }

        RequirePassword(Password, "Password", paramName);
        RequirePassword(RootPassword, "RootPassword", paramName);

        if (!IsIdentifier(Database) || MariaDbModule.Databases.IsReserved(Database))
        {
            throw new ArgumentException(
                $"MariaDbOptions.Database is {Shown(Database)}: it must match {IdentifierPattern} (a lowercase identifier of 1–64 characters, e.g. test) and not be one of {string.Join(", ", MariaDbModule.Databases.ReservedNames)}.",
                paramName);
        }

        if (Seeds is null || Seeds.Any(seed => seed is null))
        {
            throw new ArgumentException("MariaDbOptions.Seeds is null or holds a null step: it must be a list of seed steps (empty for none).", paramName);
        }

        if (SnapshotName is { } snapshot && (snapshot.Tag is not null || snapshot.Digest is not null))
        {
            throw new ArgumentException(
                $"MariaDbOptions.SnapshotName is '{snapshot}': it must be a bare repository name without tag or digest (the tag is the snapshot key), e.g. myapp-tests/mariadb.",
                paramName);
        }
    }

    private static void RequirePassword(string? value, string property, string paramName)
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"MariaDbOptions.{property} is empty or holds a control character (such as a line break): it must be a non-empty single line (the value is not shown).",
                paramName);
        }
    }

    private static string Shown(string? value) => value is null ? "null" : $"'{value}'";

    // The record's ToString shows every option but the passwords, so options can be logged.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Image = {Image?.ToString() ?? "(kit)"}, Username = {Username}, Password = ***, RootPassword = ***, Database = {Database}, ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Seeds = {Seeds?.Count ?? 0} step(s), SnapshotName = {SnapshotName?.ToString() ?? "(none)"}");
        return true;
    }
}
