using System.Net;
using Ociman.Testing.Xunit;
using Xunit;

namespace OwnService.HttpServer;

public sealed class HttpServerSpecs(HttpServerFixture server) : IClassFixture<HttpServerFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    [ContainerFact]
    public async Task The_index_page_is_served()
    {
        using var response = await _http.GetAsync(server.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello from a service of our own", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [ContainerFact]
    public async Task Files_from_the_build_context_are_served_as_they_are()
    {
        using var response = await _http.GetAsync(new Uri(server.BaseAddress, "status.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}\n", await response.Content.ReadAsStringAsync());
    }

    [ContainerFact]
    public async Task A_missing_file_is_404()
    {
        using var response = await _http.GetAsync(new Uri(server.BaseAddress, "no-such-page.html"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [ContainerFact]
    public void The_image_is_tagged_with_its_content_hash()
    {
        Assert.Equal("ociman-examples/http-server", server.Image!.Name);
        Assert.Matches("^[0-9a-f]{64}$", server.Image.Tag?.ToString());
    }

    public void Dispose() => _http.Dispose();
}
