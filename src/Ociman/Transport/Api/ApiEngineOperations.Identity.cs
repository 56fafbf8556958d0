namespace Ociman.Transport.Api;

/// <summary>The engine's identity, from the command-line transport this one holds (the same engine, the same answer on both transports).</summary>
internal sealed partial class ApiEngineOperations
{
    public Task<string> EngineIdentityAsync(CancellationToken cancellationToken) => _cli.EngineIdentityAsync(cancellationToken);
}
