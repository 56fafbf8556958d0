namespace Ociman.Transport.Endpoints;

/// <summary>Resolves the Podman endpoint as Podman's CLI (4.3) does; pure apart from reading config files.</summary>
/// <remarks>
/// Precedence: <c>CONTAINER_HOST</c> (with <c>CONTAINER_SSHKEY</c>); then <c>CONTAINER_CONNECTION</c>, a connection
/// name; then, for a remote client only, the default connection (<c>Connection.Default</c> in
/// <c>podman-connections.json</c>, else <c>[engine] active_service</c> in containers.conf); then the local engine
/// (<c>unix:///run/podman/podman.sock</c> as root, <c>$XDG_RUNTIME_DIR/podman/podman.sock</c> rootless). Podman 4.3
/// itself takes <c>CONTAINER_HOST</c> over <c>CONTAINER_CONNECTION</c> and, on Linux, uses the default connection only
/// when it runs remote (<c>podman-remote</c>, <c>--remote</c>): a plain <c>podman</c> with no variable set is the local
/// engine even when a default connection is configured, and so is it here. A name that is not defined is an error here
/// (Podman 4.3 silently falls back to its default socket). Connections come from containers.conf files —
/// <c>CONTAINERS_CONF</c> alone when set, else <c>/usr/share/containers/containers.conf</c>,
/// <c>/etc/containers/containers.conf</c>, <c>/etc/containers/containers.conf.d/*.conf</c>, then the user's
/// <c>$XDG_CONFIG_HOME/containers/containers.conf</c> (default <c>~/.config</c>), later files overriding — and from
/// <c>podman-connections.json</c> (<c>PODMAN_CONNECTIONS_CONF</c>, else beside the user's containers.conf), which
/// overrides them.
/// </remarks>
internal static class PodmanEndpointResolver
{
    /// <summary>The variables the resolution reads; the CLI transport passes exactly these to the <c>podman</c> process.</summary>
    public static readonly string[] Variables = ["CONTAINER_HOST", "CONTAINER_CONNECTION", "CONTAINER_SSHKEY", "CONTAINERS_CONF", "PODMAN_CONNECTIONS_CONF"];

    /// <param name="getEnvironmentVariable">Reads a variable.</param>
    /// <param name="remoteClient">Whether the CLI is a remote client, which uses the default connection (<c>podman-remote</c>, or Podman on macOS and Windows).</param>
    /// <param name="isRoot">Whether this process runs as root (the local socket's place).</param>
    /// <param name="systemRoot">The directory <c>/etc</c> and <c>/usr/share</c> are under: <c>/</c> but in tests.</param>
    /// <exception cref="EngineEndpointException">A variable or config file holds an invalid value, or names a connection that is not defined.</exception>
    public static EngineEndpoint Resolve(Func<string, string?> getEnvironmentVariable, bool remoteClient, bool isRoot, string systemRoot = "/")
    {
        if (DockerEndpointResolver.NonEmpty(getEnvironmentVariable("CONTAINER_HOST")) is { } host)
        {
            var parsed = EndpointUri.Parse(host, "CONTAINER_HOST", null);
            return new(parsed.Scheme, parsed.Uri, parsed.Address, null, parsed.PublishedPortHost, "CONTAINER_HOST")
            {
                SshIdentityPath = DockerEndpointResolver.NonEmpty(getEnvironmentVariable("CONTAINER_SSHKEY")),
            };
        }

        var named = DockerEndpointResolver.NonEmpty(getEnvironmentVariable("CONTAINER_CONNECTION"));
        if (named is not null || remoteClient)
        {
            var (confFiles, jsonFile) = ConfigFiles(getEnvironmentVariable, systemRoot);
            var connections = PodmanConnections.Read(confFiles, jsonFile);
            if (named is not null)
            {
                return FromConnection(connections, named, "CONTAINER_CONNECTION", confFiles, jsonFile);
            }

            if (connections.Default is { } def)
            {
                return FromConnection(connections, def.Name, $"the default connection in {def.File}", confFiles, jsonFile);
            }
        }

        var runtime = isRoot ? null : DockerEndpointResolver.NonEmpty(getEnvironmentVariable("XDG_RUNTIME_DIR"));
        return EngineEndpoint.Default(EngineKind.Podman, runtime);
    }

    /// <summary>The containers.conf files Podman reads, in order, and the podman-connections.json path.</summary>
    internal static (IReadOnlyList<string> ConfFiles, string JsonFile) ConfigFiles(Func<string, string?> getEnvironmentVariable, string systemRoot)
    {
        var userConfig = DockerEndpointResolver.NonEmpty(getEnvironmentVariable("XDG_CONFIG_HOME"))
            ?? Path.Combine(DockerEndpointResolver.NonEmpty(getEnvironmentVariable("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var json = DockerEndpointResolver.NonEmpty(getEnvironmentVariable("PODMAN_CONNECTIONS_CONF"))
            ?? Path.Combine(userConfig, "containers", "podman-connections.json");
        if (DockerEndpointResolver.NonEmpty(getEnvironmentVariable("CONTAINERS_CONF")) is { } only)
        {
            return ([only], json);
        }

        var files = new List<string>
        {
            Path.Combine(systemRoot, "usr", "share", "containers", "containers.conf"),
            Path.Combine(systemRoot, "etc", "containers", "containers.conf"),
        };
        var dropIns = Path.Combine(systemRoot, "etc", "containers", "containers.conf.d");
        if (Directory.Exists(dropIns))
        {
            files.AddRange(Directory.EnumerateFiles(dropIns, "*.conf").Order(StringComparer.Ordinal));
        }

        files.Add(Path.Combine(userConfig, "containers", "containers.conf"));
        return (files, json);
    }

    private static EngineEndpoint FromConnection(PodmanConnections connections, string name, string source, IReadOnlyList<string> confFiles, string jsonFile)
    {
        var connection = connections.Find(name) ?? throw new EngineEndpointException(
            source,
            $"{source} names the Podman connection '{name}', which is not defined in {string.Join(", ", confFiles.Append(jsonFile))}. "
            + $"Connections defined: {(connections.Names.Any() ? string.Join(", ", connections.Names.Select(n => $"'{n}'")) : "none")}; add it with `podman system connection add {name} URI`, or name another.");
        if (connection.Uri.Length == 0)
        {
            throw new EngineEndpointException(connection.File, $"{connection.File}: the Podman connection '{name}' has no URI; allowed: 'unix:///path', 'tcp://host:port' or 'ssh://user@host[:port]/socket'.");
        }

        var parsed = EndpointUri.Parse(connection.Uri, $"the URI of the Podman connection '{name}' in {connection.File}", null);
        return new(parsed.Scheme, parsed.Uri, parsed.Address, null, parsed.PublishedPortHost, $"connection '{name}' ({source})")
        {
            ConnectionName = name,
            SshIdentityPath = connection.Identity,
        };
    }
}
