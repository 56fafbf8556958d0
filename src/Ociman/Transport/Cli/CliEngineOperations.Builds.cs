using System.Text;
using Ociman.Builds;
using Ociman.Logging;

namespace Ociman.Transport.Cli;

/// <summary>Image builds: plain <c>build</c>, or a route that keeps build-argument values off every command line.</summary>
/// <remarks>
/// <c>build --build-arg NAME</c> takes the value from the CLI's own environment, which is how Ociman passes it. A name
/// the CLI reads itself (<see cref="CliEnvironment.IsReservedForCli"/>: proxies, <c>PATH</c>, <c>XDG_*</c>…) cannot go
/// there without reconfiguring the CLI, and neither engine's <c>build</c> takes arguments from a file. A build with
/// such a name goes through <c>docker buildx bake</c> with its definition on standard input (Docker), or through the
/// API of a private <c>podman system service</c> (Podman); every other build stays on plain <c>build</c>.
/// </remarks>
internal sealed partial class CliEngineOperations
{
    /// <summary>How the private temp directory of an inline build's CLI begins: <c>ociman-cli-OWNER-</c> (<see cref="Engine.TemporaryTagOwner"/>).</summary>
    internal static string CliTempPrefix => $"ociman-cli-{Engine.TemporaryTagOwner}-";

    /// <summary>How long a cancelled Podman build gets to end by itself once its running step is stopped.</summary>
    internal static readonly TimeSpan CancelledBuildStepBound = TimeSpan.FromSeconds(10);

    public async Task<string> BuildAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await BuildOnceAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageBuildException ex) when (Dialect.IsTransientBuildFailure(ex.Message))
        {
            // Once: a known transient failure of the engine's build cache (see the dialect).
            return await BuildOnceAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> BuildOnceAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        var reserved = request.BuildArguments.Select(a => a.Key).Where(CliEnvironment.IsReservedForCli).ToList();
        if (reserved.Count == 0)
        {
            await BuildWithCliAsync(request, cancellationToken).ConfigureAwait(false);
            return request.Tag.ToString();
        }

        var names = string.Join(", ", reserved);
        if (Dialect.ReservedArgumentBuildRoute == ReservedArgumentBuildRoute.BakeFromStandardInput)
        {
            Log.BuildingAroundTheCli(Logger, request.Tag.ToString(), "docker buildx bake (definition on standard input)", names);
            await BakeAsync(request, $"Ociman built it with `docker buildx bake` (definition on standard input) because the build arguments {names} are variables the docker CLI reads itself.", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Log.BuildingAroundTheCli(Logger, request.Tag.ToString(), "a private podman system service", names);
            await PodmanServiceBuild.RunAsync(Runner, Logger, request, $"Ociman built it through a private Podman API service because the build arguments {names} are variables the podman CLI reads itself.", cancellationToken).ConfigureAwait(false);
        }

        return request.Tag.ToString();
    }

    private async Task BuildWithCliAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        // Like --env: the names on the command line, the values in the CLI's environment.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.BuildArguments)
        {
            environment[key] = value;
        }

        // `docker build -` (buildx 0.13 here) copies the instructions into a "dockerfile*" directory and makes an "empty-dir*"
        // context in the temp directory, and removes neither: two directories left in /tmp per inline build. Its temp
        // directory is a private one, removed after the build. (TMPDIR is reserved: a build argument by that name never gets here.)
        // Its name holds this process's temporary-tag owner, so that the session reaper removes it if the process is killed.
        using var cliTemp = request.Instructions is not null && Runner.Kind == EngineKind.Docker ? PrivateDirectory.Create(CliTempPrefix) : null;
        if (cliTemp is not null)
        {
            environment["TMPDIR"] = cliTemp.Path;
        }

        var input = request.Instructions is { } instructions ? StandardInput.FromBytes(Encoding.UTF8.GetBytes(instructions)) : StandardInput.None;
        var invocation = new CliInvocation(ImageArguments.Build(Dialect, request))
        {
            Environment = environment,
            Input = input,

            // Podman leaves its working container behind when interrupted, but removes it when a step fails.
            StopContainedProcessesOnCancel = Runner.Kind == EngineKind.Podman ? CancelledBuildStepBound : null,
            OutputLine = request.Progress,
        };
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        ThrowIfBuildFailed(request, result, route: null);
    }

    private async Task BakeAsync(BuildRequest request, string route, CancellationToken cancellationToken)
    {
        // An inline build has no context; bake needs one, so it gets an empty directory.
        using var emptyContext = request.ContextDirectory is null ? PrivateDirectory.Create("ociman-bake-") : null;
        var definition = BakeDefinition.Render(request, request.ContextDirectory ?? emptyContext!.Path);
        // Bake writes an inline Dockerfile into a "dockerfile*" directory in the temp directory and leaves it: the
        // CLI's temp directory is a private one, removed after the build (the session reaper's, if the process is killed).
        using var cliTemp = PrivateDirectory.Create(CliTempPrefix);
        var started = DateTime.UtcNow;
        try
        {
            var invocation = new CliInvocation(ImageArguments.Bake())
            {
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["TMPDIR"] = cliTemp.Path },
                Input = StandardInput.FromBytes(definition),
                OutputLine = request.Progress,
            };
            var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
            ThrowIfBuildFailed(request, result, route);
        }
        finally
        {
            // Bake saved the definition, values included, in buildx's local state before it built: remove it.
            try
            {
                BuildxLocalState.Forget(BuildxLocalState.ConfigDirectory(Environment.GetEnvironmentVariable), request.Tag.ToString(), started);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.BuildRecordNotRemoved(Logger, request.Tag.ToString(), ex);
            }
        }
    }

    private void ThrowIfBuildFailed(BuildRequest request, CliResult result, string? route)
    {
        if (result.ExitCode != 0)
        {
            throw BuildFailure.Create(
                Runner.Kind,
                request.Tag.ToString(),
                $"failed with exit code {result.ExitCode}",
                result.CommandLine,
                result.ExitCode,
                result.StandardOutputText + Environment.NewLine + result.StandardError,
                result.StandardError,
                route);
        }
    }
}
