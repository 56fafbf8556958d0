using Ociman;
using Ociman.Testing;
using Ociman.Testing.Xunit;
using Ociman.Images;

namespace OwnService.HttpServer;

/// <summary>Builds the service's image from service/Dockerfile (only when its content hash is new) and runs it.</summary>
public sealed class HttpServerFixture : ContainerFixture
{
    /// <summary>The image the fixture built (or found), ociman-examples/http-server:&lt;content hash&gt;.</summary>
    public ImageReference? Image { get; private set; }

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var busybox = await OfflineImages.BusyBoxAsync(engine, cancellationToken);
        var build = ImageBuild.FromDirectory(Path.Combine(AppContext.BaseDirectory, "service"))
            .WithBuildArgument("BASE", busybox.ToString())
            .WithContentAddressedTag("ociman-examples/http-server");   // tag = SHA-256 of the context, the args and the base's id

        // Returns at once when that tag exists; builds once even when parallel test processes ask together.
        Image = await engine.BuildIfAbsentAsync(build, cancellationToken);

        return new ContainerSetup(ContainerDefinition.For(Image).WithPublishedPort(8080))
            .WaitFor(new HttpReady(8080, "/status.json"));
    }

    /// <summary>The URL of the service, at the host and port the engine published.</summary>
    public Uri BaseAddress => new UriBuilder(Uri.UriSchemeHttp, Host, GetHostPort(8080)).Uri;
}

/// <summary>
/// A readiness check of our own: an HTTP GET from the host answers 200. (On Docker, a published port accepts TCP
/// connections before anything listens in the container, so <c>Ready.TcpPort</c> alone says little for HTTP.)
/// </summary>
public sealed class HttpReady(int containerPort, string path) : ReadinessCheck
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(2) };

    public override string Description => $"GET {path} on port {containerPort} answers 200";

    public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        var port = await context.Container.GetHostPortAsync(containerPort, cancellationToken: cancellationToken);
        try
        {
            using var response = await Client.GetAsync(new UriBuilder(Uri.UriSchemeHttp, context.Host, port, path).Uri, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;   // not listening yet: the waiter polls again
        }
    }
}
