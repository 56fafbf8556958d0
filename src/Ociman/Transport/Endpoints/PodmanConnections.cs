using System.Text.Json;

namespace Ociman.Transport.Endpoints;

/// <summary>One Podman connection: its name, URI, SSH identity and the file that defines it.</summary>
internal sealed record PodmanConnection(string Name, string Uri, string? Identity, string File);

/// <summary>Podman's connections: <c>[engine.service_destinations]</c> and <c>active_service</c> in containers.conf, and <c>podman-connections.json</c>.</summary>
internal sealed class PodmanConnections
{
    private readonly Dictionary<string, PodmanConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>The default connection's name and the file that names it, or null.</summary>
    public (string Name, string File)? Default { get; private set; }

    public IEnumerable<string> Names => _connections.Keys.Order(StringComparer.Ordinal);

    public PodmanConnection? Find(string name) => _connections.GetValueOrDefault(name);

    /// <summary>Reads <paramref name="confFiles"/> in order (later ones override), then <paramref name="jsonFile"/>, which overrides them all.</summary>
    public static PodmanConnections Read(IEnumerable<string> confFiles, string? jsonFile)
    {
        var result = new PodmanConnections();
        foreach (var file in confFiles.Where(File.Exists))
        {
            result.ReadConf(file, File.ReadAllLines(file));
        }

        if (jsonFile is not null && File.Exists(jsonFile))
        {
            result.ReadJson(jsonFile, File.ReadAllText(jsonFile));
        }

        return result;
    }

    /// <summary>Reads the two settings this needs from a containers.conf (TOML); other tables and keys are skipped.</summary>
    internal void ReadConf(string file, IReadOnlyList<string> lines)
    {
        const string Destinations = "engine.service_destinations.";
        var table = string.Empty;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                table = line.StartsWith("[[", StringComparison.Ordinal) ? string.Empty : TableName(line, file, i + 1);
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var key = line[..eq].Trim().Trim('"');
            var value = line[(eq + 1)..].Trim();
            // A multi-line array (default_capabilities = [ … ]) is skipped whole.
            while (value.StartsWith('[') && Depth(value) > 0 && i + 1 < lines.Count)
            {
                value += StripComment(lines[++i]);
            }

            if (table == "engine" && key == "active_service")
            {
                Default = (String(value, file, i + 1, "active_service"), file);
            }
            else if (table.StartsWith(Destinations, StringComparison.Ordinal) && key is "uri" or "identity")
            {
                var name = table[Destinations.Length..].Trim('"');
                var current = _connections.GetValueOrDefault(name) ?? new PodmanConnection(name, string.Empty, null, file);
                _connections[name] = key == "uri"
                    ? current with { Uri = String(value, file, i + 1, "uri"), File = file }
                    : current with { Identity = String(value, file, i + 1, "identity") };
            }
        }
    }

    /// <summary>Reads Podman 5's <c>podman-connections.json</c>: <c>{"Connection":{"Default":…,"Connections":{name:{"URI":…,"Identity":…}}}}</c>.</summary>
    internal void ReadJson(string file, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("Connection", out var connection) || connection.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (connection.TryGetProperty("Connections", out var all) && all.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in all.EnumerateObject())
                {
                    var uri = entry.Value.TryGetProperty("URI", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : string.Empty;
                    var identity = entry.Value.TryGetProperty("Identity", out var id) && id.ValueKind == JsonValueKind.String ? DockerEndpointResolver.NonEmpty(id.GetString()) : null;
                    _connections[entry.Name] = new PodmanConnection(entry.Name, uri, identity, file);
                }
            }

            if (connection.TryGetProperty("Default", out var def) && def.ValueKind == JsonValueKind.String && DockerEndpointResolver.NonEmpty(def.GetString()) is { } name)
            {
                Default = (name, file);
            }
        }
        catch (JsonException ex)
        {
            throw new EngineEndpointException(file, $"{file} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string TableName(string line, string file, int lineNumber)
    {
        var close = line.LastIndexOf(']');
        if (close < 1)
        {
            throw new EngineEndpointException(file, $"{file}, line {lineNumber}: the table header '{line}' is not closed with ']'.");
        }

        return string.Join('.', line[1..close].Split('.').Select(part => part.Trim()));
    }

    private static string String(string value, string file, int lineNumber, string key)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            return value[1..^1];
        }

        throw new EngineEndpointException(file, $"{file}, line {lineNumber}: {key} must be a quoted string; found {value}.");
    }

    private static int Depth(string value)
    {
        var depth = 0;
        char? quote = null;
        foreach (var c in value)
        {
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else
            {
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            }
        }

        return depth;
    }

    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                return line[..i];
            }
        }

        return line;
    }
}
