using System.Text.Json;
using Docker.DotNet.Models;
using Ociman.Transport.Cli;

namespace Ociman.Transport.Api;

internal sealed partial class ApiClient
{
    /// <summary><c>POST /networks/create</c> of a bridge network; returns its id.</summary>
    /// <exception cref="NetworkNameInUseException">The name is taken.</exception>
    public async Task<string> CreateNetworkAsync(NetworkDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var body = new NetworksCreateParameters
        {
            Name = definition.Name,
            Driver = "bridge",
            Internal = definition.Internal,
            Labels = definition.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
        };
        var created = await CallAsync(RequestLine("POST", "/networks/create"), ApiResource.Network, definition.Name, token => Client.Networks.CreateNetworkAsync(body, token), cancellationToken).ConfigureAwait(false);
        return created.ID;
    }

    /// <summary><c>GET /networks/{id}</c>, read from the document kept whole (Docker's shape on both engines, attached containers included).</summary>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    public async Task<NetworkDetails> InspectNetworkAsync(string network, CancellationToken cancellationToken)
    {
        var document = await GetDocumentAsync($"/networks/{Uri.EscapeDataString(network)}", ApiResource.Network, network, cancellationToken).ConfigureAwait(false);
        return CliInspection.ReadNetwork(document);
    }

    /// <summary>
    /// <c>GET /networks?filters=</c>, then each network's inspection: the list does not say which containers are
    /// attached. A network removed in between is left out.
    /// </summary>
    public async Task<IReadOnlyList<NetworkDetails>> ListNetworksAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        var filters = JsonSerializer.Serialize(ApiQueries.LabelFilters(labelFilters));
        var listed = await GetDocumentAsync($"/networks?filters={Uri.EscapeDataString(filters)}", ApiResource.None, "networks", cancellationToken).ConfigureAwait(false);
        var networks = new List<NetworkDetails>();
        if (listed.ValueKind != JsonValueKind.Array)
        {
            return networks;
        }

        foreach (var element in listed.EnumerateArray())
        {
            var id = CliInspection.ReadNetwork(element, attached: []).Id;
            try
            {
                networks.Add(await InspectNetworkAsync(id, cancellationToken).ConfigureAwait(false));
            }
            catch (NetworkNotFoundException)
            {
            }
        }

        return networks;
    }

    /// <summary><c>DELETE /networks/{id}</c>.</summary>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    public Task RemoveNetworkAsync(string network, CancellationToken cancellationToken) =>
        CallAsync(RequestLine("DELETE", $"/networks/{network}"), ApiResource.Network, network, token => Client.Networks.DeleteNetworkAsync(network, token), cancellationToken);

    /// <summary><c>POST /networks/{id}/connect</c> with the aliases.</summary>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken cancellationToken)
    {
        var body = new NetworkConnectParameters
        {
            Container = container,
            EndpointConfig = aliases.Count > 0 ? new EndpointSettings { Aliases = [.. aliases] } : null,
        };
        await NetworkCallAsync(RequestLine("POST", $"/networks/{network}/connect"), network, container, token => Client.Networks.ConnectNetworkAsync(network, body, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /networks/{id}/disconnect</c>.</summary>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task DisconnectNetworkAsync(string network, string container, bool force, CancellationToken cancellationToken)
    {
        var body = new NetworkDisconnectParameters { Container = container, Force = force };
        await NetworkCallAsync(RequestLine("POST", $"/networks/{network}/disconnect"), network, container, token => Client.Networks.DisconnectNetworkAsync(network, body, token), cancellationToken).ConfigureAwait(false);
    }

    // Both engines answer 404 for a missing network and for a missing container alike; the message tells which.
    private async Task NetworkCallAsync(string request, string network, string container, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(request, ApiResource.Network, network, call, cancellationToken).ConfigureAwait(false);
        }
        catch (NetworkNotFoundException ex) when (ex.Reason.Contains("container", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerNotFoundException(container, ex.Operation, ex.Engine, ex.Reason, ex.InnerException);
        }
    }
}
