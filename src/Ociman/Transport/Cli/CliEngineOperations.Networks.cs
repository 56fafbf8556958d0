using System.Text.Json;
using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Networks through the CLI: create, inspect, list, remove, connect and disconnect.</summary>
internal sealed partial class CliEngineOperations
{
    public async Task<string> CreateNetworkAsync(NetworkDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);

        // Docker prints the new network's id, Podman its name: the inspection below gives the id on both.
        await NetworkCheckedAsync(new CliInvocation(NetworkArguments.Create(definition)), definition.Name, null, cancellationToken).ConfigureAwait(false);
        var details = await InspectNetworkAsync(definition.Name, cancellationToken).ConfigureAwait(false);
        return details.Id;
    }

    public async Task<NetworkDetails> InspectNetworkAsync(string network, CancellationToken cancellationToken)
    {
        var result = await NetworkCheckedAsync(new CliInvocation(NetworkArguments.Inspect([network])), network, null, cancellationToken).ConfigureAwait(false);
        var raw = FirstElement(result, network);
        return await ReadNetworkAsync(raw, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<NetworkDetails>> ListNetworksAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        var listed = await CheckedAsync(new CliInvocation(NetworkArguments.List(labelFilters)), "networks", cancellationToken).ConfigureAwait(false);
        var names = Lines(listed.StandardOutputText);
        if (names.Count == 0)
        {
            return [];
        }

        // One inspect for all; a network removed between list and inspect is simply absent.
        var inspect = await Runner.RunAsync(new CliInvocation(NetworkArguments.Inspect(names)), cancellationToken).ConfigureAwait(false);
        var networks = new List<NetworkDetails>();
        if (inspect.StandardOutput.Length > 0)
        {
            using var doc = ParseJson(inspect);
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                networks.Add(await ReadNetworkAsync(element.Clone(), cancellationToken).ConfigureAwait(false));
            }
        }

        if (inspect.ExitCode != 0 && Dialect.Classify(inspect.StandardError) != FailureKind.NoSuchNetwork)
        {
            throw NetworkFailure(inspect, "networks", null);
        }

        return networks;
    }

    public async Task RemoveNetworkAsync(string network, CancellationToken cancellationToken) =>
        await NetworkCheckedAsync(new CliInvocation(NetworkArguments.Remove(network)), network, null, cancellationToken).ConfigureAwait(false);

    public async Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken cancellationToken) =>
        await NetworkCheckedAsync(new CliInvocation(NetworkArguments.Connect(network, container, aliases)), network, container, cancellationToken).ConfigureAwait(false);

    public async Task DisconnectNetworkAsync(string network, string container, bool force, CancellationToken cancellationToken) =>
        await NetworkCheckedAsync(new CliInvocation(NetworkArguments.Disconnect(network, container, force)), network, container, cancellationToken).ConfigureAwait(false);

    // Docker's document lists the attached containers; Podman's own does not, so they are asked for by filter.
    private async Task<NetworkDetails> ReadNetworkAsync(JsonElement raw, CancellationToken cancellationToken)
    {
        if (CliInspection.ListsContainers(raw))
        {
            return CliInspection.ReadNetwork(raw);
        }

        var name = CliInspection.ReadNetwork(raw, attached: []).Name;
        var attached = await CheckedAsync(new CliInvocation(NetworkArguments.AttachedContainers(name)), name, cancellationToken).ConfigureAwait(false);
        return CliInspection.ReadNetwork(raw, Lines(attached.StandardOutputText));
    }

    private async Task<CliResult> NetworkCheckedAsync(CliInvocation invocation, string network, string? container, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw NetworkFailure(result, network, container);
    }

    /// <summary>A failed network command as the exception its standard error calls for: the network or the container that is missing, or a taken name.</summary>
    private EngineOperationException NetworkFailure(CliResult result, string network, string? container)
    {
        var engine = Runner.Kind;
        var command = new EngineCommandException(
            $"{engine.ToCliName()} failed with exit code {result.ExitCode} ({network}).{Environment.NewLine}Command: {result.CommandLine}{Environment.NewLine}Standard error: {result.StandardError}",
            result.Operation,
            engine,
            result.CommandLine,
            result.ExitCode,
            result.StandardError);
        var reason = result.StandardError;
        return Dialect.Classify(result.StandardError) switch
        {
            FailureKind.NoSuchNetwork => new NetworkNotFoundException(network, result.Operation, engine, reason, command),
            FailureKind.NetworkNameInUse => new NetworkNameInUseException(network, result.Operation, engine, reason, command),
            FailureKind.NoSuchContainer when container is not null => new ContainerNotFoundException(container, result.Operation, engine, reason, command),
            _ => command,
        };
    }
}
