using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ociman.Transport.Endpoints;

/// <summary>Resolves the Docker endpoint as Docker's CLI does; pure apart from reading the Docker config directory.</summary>
/// <remarks>
/// Precedence (the CLI's): <c>DOCKER_HOST</c>; then <c>DOCKER_CONTEXT</c>; then <c>currentContext</c> in
/// <c>config.json</c> of <c>DOCKER_CONFIG</c> (default <c>~/.docker</c>); then <c>unix:///var/run/docker.sock</c>.
/// The context named <c>default</c> is the last: <c>DOCKER_HOST</c>'s value, else the default socket. A context is
/// <c>contexts/meta/SHA256(name)/meta.json</c> (<c>Endpoints.docker.Host</c>, <c>SkipTLSVerify</c>) with its TLS files
/// in <c>contexts/tls/SHA256(name)/docker/</c>. With <c>DOCKER_HOST</c>, TLS is on when <c>DOCKER_TLS_VERIFY</c> or
/// <c>DOCKER_TLS</c> is non-empty (any value, as Docker's CLI reads them; <c>DOCKER_TLS_VERIFY</c> also verifies), with
/// <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> from <c>DOCKER_CERT_PATH</c>, else the config directory.
/// </remarks>
internal static class DockerEndpointResolver
{
    /// <summary>The variables the resolution reads; the CLI transport passes exactly these to the <c>docker</c> process.</summary>
    public static readonly string[] Variables = ["DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH"];

    private const string DefaultContext = "default";

    /// <exception cref="EngineEndpointException">A variable, the config file or a context holds an invalid value, or names a context that does not exist.</exception>
    public static EngineEndpoint Resolve(Func<string, string?> getEnvironmentVariable)
    {
        var host = NonEmpty(getEnvironmentVariable("DOCKER_HOST"));
        if (host is not null)
        {
            return FromHost(getEnvironmentVariable, host);
        }

        var configDirectory = ConfigDirectory(getEnvironmentVariable);
        if (NonEmpty(getEnvironmentVariable("DOCKER_CONTEXT")) is { } contextVariable)
        {
            return FromContext(configDirectory, contextVariable, "DOCKER_CONTEXT");
        }

        var configFile = Path.Combine(configDirectory, "config.json");
        if (CurrentContext(configFile) is { } current)
        {
            return FromContext(configDirectory, current, $"currentContext in {configFile}");
        }

        return EngineEndpoint.Default(EngineKind.Docker);
    }

    /// <summary>The Docker config directory: <c>DOCKER_CONFIG</c>, else <c>$HOME/.docker</c>.</summary>
    public static string ConfigDirectory(Func<string, string?> getEnvironmentVariable) =>
        NonEmpty(getEnvironmentVariable("DOCKER_CONFIG"))
        ?? Path.Combine(NonEmpty(getEnvironmentVariable("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>The directory name Docker gives a context's files: the hex SHA-256 of its name.</summary>
    public static string ContextDirectoryName(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static EngineEndpoint FromHost(Func<string, string?> getEnvironmentVariable, string host)
    {
        var verify = NonEmpty(getEnvironmentVariable("DOCKER_TLS_VERIFY")) is not null;
        var tls = verify || NonEmpty(getEnvironmentVariable("DOCKER_TLS")) is not null;
        var parsed = EndpointUri.Parse(host, "DOCKER_HOST", tls ? 2376 : 2375);
        EndpointTls? settings = null;
        if (tls && parsed.Scheme == EndpointScheme.Tcp)
        {
            var certificates = NonEmpty(getEnvironmentVariable("DOCKER_CERT_PATH")) ?? ConfigDirectory(getEnvironmentVariable);
            settings = new EndpointTls(verify, Path.Combine(certificates, "ca.pem"), Path.Combine(certificates, "cert.pem"), Path.Combine(certificates, "key.pem"));
        }

        return new(parsed.Scheme, parsed.Uri, parsed.Address, settings, parsed.PublishedPortHost, "DOCKER_HOST");
    }

    private static EngineEndpoint FromContext(string configDirectory, string name, string source)
    {
        if (name == DefaultContext)
        {
            // DOCKER_HOST is unset here (it would have won): the default context is the default socket.
            return EngineEndpoint.Default(EngineKind.Docker) with { Source = $"context '{name}' ({source})", ConnectionName = name };
        }

        var hash = ContextDirectoryName(name);
        var meta = Path.Combine(configDirectory, "contexts", "meta", hash, "meta.json");
        if (!File.Exists(meta))
        {
            throw new EngineEndpointException(
                source,
                $"{source} names the Docker context '{name}', which does not exist ({meta} is missing). Contexts here: {string.Join(", ", KnownContexts(configDirectory).Prepend(DefaultContext).Select(c => $"'{c}'"))}; create it with `docker context create {name} --docker host=…`, or name another.");
        }

        string? host;
        bool skipVerify;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(meta));
            if (!document.RootElement.TryGetProperty("Endpoints", out var endpoints) || endpoints.ValueKind != JsonValueKind.Object
                || !endpoints.TryGetProperty("docker", out var docker) || docker.ValueKind != JsonValueKind.Object)
            {
                throw new EngineEndpointException(meta, $"{meta} (the Docker context '{name}', from {source}) has no Endpoints.docker object; recreate the context with `docker context create`.");
            }

            host = docker.TryGetProperty("Host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            skipVerify = docker.TryGetProperty("SkipTLSVerify", out var s) && s.ValueKind == JsonValueKind.True;
        }
        catch (JsonException ex)
        {
            throw new EngineEndpointException(meta, $"{meta} (the Docker context '{name}', from {source}) is not valid JSON: {ex.Message}", ex);
        }

        var tlsDirectory = Path.Combine(configDirectory, "contexts", "tls", hash, "docker");
        var hasTls = File.Exists(Path.Combine(tlsDirectory, "ca.pem")) || File.Exists(Path.Combine(tlsDirectory, "cert.pem"));
        var parsed = host is null
            ? new EndpointUri(EndpointScheme.Unix, EngineEndpoint.DockerDefaultUri, EngineEndpoint.DockerDefaultUri["unix://".Length..], EngineEndpoint.LocalHost)
            : EndpointUri.Parse(host, $"Endpoints.docker.Host in {meta}", hasTls ? 2376 : 2375);
        var tls = hasTls && parsed.Scheme == EndpointScheme.Tcp
            ? new EndpointTls(!skipVerify, Path.Combine(tlsDirectory, "ca.pem"), Path.Combine(tlsDirectory, "cert.pem"), Path.Combine(tlsDirectory, "key.pem"))
            : null;
        return new(parsed.Scheme, parsed.Uri, parsed.Address, tls, parsed.PublishedPortHost, $"context '{name}' ({source})") { ConnectionName = name };
    }

    private static string? CurrentContext(string configFile)
    {
        if (!File.Exists(configFile))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configFile), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("currentContext", out var current))
            {
                return null;
            }

            return current.ValueKind switch
            {
                JsonValueKind.String => NonEmpty(current.GetString()),
                JsonValueKind.Null => null,
                _ => throw new EngineEndpointException(configFile, $"{configFile}: currentContext must be a string naming a Docker context (or absent); found {current.ValueKind}."),
            };
        }
        catch (JsonException ex)
        {
            throw new EngineEndpointException(configFile, $"{configFile} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static List<string> KnownContexts(string configDirectory)
    {
        var metaRoot = Path.Combine(configDirectory, "contexts", "meta");
        var names = new List<string>();
        if (!Directory.Exists(metaRoot))
        {
            return names;
        }

        foreach (var file in Directory.EnumerateFiles(metaRoot, "meta.json", SearchOption.AllDirectories))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                if (document.RootElement.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    names.Add(n.GetString()!);
                }
            }
            catch (JsonException)
            {
                // Only for the list in a message: an unreadable context is simply not listed.
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    internal static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
