namespace Ociman.Transport.Endpoints;

/// <summary>Resolves an engine's endpoint and the variables its CLI must see so that it goes to the same place.</summary>
internal static class EndpointResolution
{
    /// <summary>
    /// The endpoint of <paramref name="kind"/>, and the endpoint variables as read through
    /// <paramref name="getEnvironmentVariable"/> (null: unset), which the CLI transport sets on every CLI process so
    /// that the CLI resolves exactly what Ociman did, also when <see cref="EngineOptions.GetEnvironmentVariable"/> is
    /// not the process environment.
    /// </summary>
    /// <exception cref="EngineEndpointException">An endpoint setting is invalid.</exception>
    public static (EngineEndpoint Endpoint, IReadOnlyDictionary<string, string?> Environment) Resolve(EngineKind kind, string executable, Func<string, string?> getEnvironmentVariable)
    {
        EngineEndpoint endpoint;
        string[] variables;
        if (kind == EngineKind.Docker)
        {
            endpoint = DockerEndpointResolver.Resolve(getEnvironmentVariable);
            variables = DockerEndpointResolver.Variables;
        }
        else
        {
            // Podman on macOS and Windows, and podman-remote anywhere, are remote clients: they use the default connection.
            var remoteClient = !OperatingSystem.IsLinux() || Path.GetFileNameWithoutExtension(executable) == "podman-remote";
            endpoint = PodmanEndpointResolver.Resolve(getEnvironmentVariable, remoteClient, Environment.UserName == "root");
            variables = PodmanEndpointResolver.Variables;
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in variables)
        {
            environment[name] = getEnvironmentVariable(name);
        }

        // Docker's CLI reads the config directory from HOME when DOCKER_CONFIG is unset; Podman reads XDG_CONFIG_HOME.
        foreach (var name in (string[])["HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"])
        {
            if (getEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return (endpoint, environment);
    }
}
