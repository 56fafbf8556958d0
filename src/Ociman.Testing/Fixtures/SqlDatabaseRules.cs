using System.Data.Common;
using System.Text.RegularExpressions;

namespace Ociman.Testing;

/// <summary>
/// What the SQL-server modules (<c>Ociman.Testing.PostgreSql</c>, <c>Ociman.Testing.MariaDb</c>) share about their
/// databases: the identifier rule names must meet, the names nobody may create or drop, generated per-test names, and
/// connection strings in the client's keys. One instance per module type, held in a static field of the module.
/// </summary>
internal sealed class SqlDatabaseRules
{
    private readonly Regex _identifier;
    private readonly int _maxLength;
    private readonly string[] _notCreatable;
    private readonly string _hostKey;
    private readonly string _userKey;

    /// <summary>Creates the rules of one server kind.</summary>
    /// <param name="identifierPattern">The pattern database names (and the module's user) must match.</param>
    /// <param name="maxLength">The longest name <paramref name="identifierPattern"/> allows, shown in messages.</param>
    /// <param name="reservedNames">Names the module's main database and per-test databases may not take.</param>
    /// <param name="alsoNotCreatable">Further names per-test databases may not take (the main database may).</param>
    /// <param name="hostKey">The connection-string key of the host (<c>Host</c>, <c>Server</c>).</param>
    /// <param name="userKey">The connection-string key of the user (<c>Username</c>, <c>User ID</c>).</param>
    public SqlDatabaseRules(string identifierPattern, int maxLength, string[] reservedNames, string[] alsoNotCreatable, string hostKey, string userKey)
    {
        IdentifierPattern = identifierPattern;
        _identifier = new Regex(identifierPattern, RegexOptions.CultureInvariant);
        _maxLength = maxLength;
        ReservedNames = reservedNames;
        _notCreatable = [.. reservedNames, .. alsoNotCreatable];
        _hostKey = hostKey;
        _userKey = userKey;
    }

    /// <summary>The pattern names must match.</summary>
    public string IdentifierPattern { get; }

    /// <summary>Names the module's main database and per-test databases may not take.</summary>
    public IReadOnlyList<string> ReservedNames { get; }

    /// <summary>Whether <paramref name="value"/> matches <see cref="IdentifierPattern"/>.</summary>
    public bool IsIdentifier(string? value) => value is not null && _identifier.IsMatch(value);

    /// <summary>Whether <paramref name="name"/> is one of <see cref="ReservedNames"/>.</summary>
    public bool IsReserved(string name) => ReservedNames.Contains(name, StringComparer.Ordinal);

    /// <summary>Throws when <paramref name="name"/> is not an identifier.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> does not match <see cref="IdentifierPattern"/>.</exception>
    public void RequireName(string? name, string paramName)
    {
        if (!IsIdentifier(name))
        {
            throw new ArgumentException(
                $"The database name {(name is null ? "null" : $"'{name}'")} is not allowed: it must match {IdentifierPattern} (a lowercase identifier of 1–{_maxLength} characters, e.g. orders_test).",
                paramName);
        }
    }

    /// <summary>
    /// Returns <paramref name="name"/>, or a unique generated one (<c>test_</c> and 16 hex digits) when it is null, once
    /// it is a name a per-test database may take: an identifier, not reserved, not <paramref name="mainDatabase"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not an identifier, is reserved or is <paramref name="mainDatabase"/>.</exception>
    public string PerTestName(string? name, string paramName, string mainDatabase)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N")[..16];
        RequirePerTestName(name, paramName, mainDatabase);
        return name;
    }

    /// <summary>Throws unless <paramref name="name"/> is a name a per-test database may take.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not an identifier, is reserved or is <paramref name="mainDatabase"/>.</exception>
    public void RequirePerTestName(string? name, string paramName, string mainDatabase)
    {
        RequireName(name, paramName);
        if (_notCreatable.Contains(name, StringComparer.Ordinal) || name == mainDatabase)
        {
            throw new ArgumentException(
                $"The database name '{name}' is not allowed: it is {(name == mainDatabase ? "the module's main database" : "reserved")} ({string.Join(", ", [.. _notCreatable, mainDatabase])} cannot be created or dropped).",
                paramName);
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on <paramref name="server"/>'s published <paramref name="port"/> (no engine call).</summary>
    /// <exception cref="ArgumentException"><paramref name="database"/> does not match <see cref="IdentifierPattern"/> (checked first).</exception>
    /// <exception cref="ContainerStartupException"><paramref name="server"/> failed to start.</exception>
    public string ConnectionString(ContainerFixtureBase server, int port, string username, string password, string database)
    {
        RequireName(database, nameof(database));
        return FormatConnectionString(server.Host, server.GetHostPort(port), username, password, database);
    }

    /// <summary>A connection string in the client's keys (no checks).</summary>
    public string FormatConnectionString(string host, int port, string username, string password, string database)
    {
        // DbConnectionStringBuilder quotes values holding ';', '=' or quotes the way Npgsql and MySqlConnector parse them.
        var builder = new DbConnectionStringBuilder
        {
            [_hostKey] = host,
            ["Port"] = port,
            [_userKey] = username,
            ["Password"] = password,
            ["Database"] = database,
        };
        return builder.ConnectionString;
    }
}
