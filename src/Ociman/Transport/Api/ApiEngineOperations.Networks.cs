namespace Ociman.Transport.Api;

/// <summary>Networks through the engine's API (Docker's network routes, which Podman's compatible service has too).</summary>
internal sealed partial class ApiEngineOperations
{
    public Task<string> CreateNetworkAsync(NetworkDefinition definition, CancellationToken cancellationToken) =>
        _api.CreateNetworkAsync(definition, cancellationToken);

    public Task<NetworkDetails> InspectNetworkAsync(string network, CancellationToken cancellationToken) =>
        _api.InspectNetworkAsync(network, cancellationToken);

    public Task<IReadOnlyList<NetworkDetails>> ListNetworksAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken) =>
        _api.ListNetworksAsync(labelFilters, cancellationToken);

    public Task RemoveNetworkAsync(string network, CancellationToken cancellationToken) =>
        _api.RemoveNetworkAsync(network, cancellationToken);

    public Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken cancellationToken) =>
        _api.ConnectNetworkAsync(network, container, aliases, cancellationToken);

    public Task DisconnectNetworkAsync(string network, string container, bool force, CancellationToken cancellationToken) =>
        _api.DisconnectNetworkAsync(network, container, force, cancellationToken);
}
