using System.Net;
using Ociman.Transport.Api;

namespace Ociman.Tests.Transport.Api;

public class ApiFailureSpecs
{
    private const string Request = "POST /v1.45/containers/abc/start";

    [Fact]
    public void A_404_on_a_container_route_is_a_container_not_found_with_the_engines_message()
    {
        var ex = ApiFailure.Map(Request, HttpStatusCode.NotFound, """{"message":"No such container: abc"}""", ApiResource.Container, "abc", EngineKind.Docker);

        var notFound = Assert.IsType<ContainerNotFoundException>(ex);
        Assert.Equal("abc", notFound.Container);
        Assert.Equal("container start", notFound.Operation);
        Assert.Equal(EngineKind.Docker, notFound.Engine);
        Assert.Equal("No such container: abc", notFound.Reason);
        var inner = Assert.IsType<EngineApiException>(notFound.InnerException);
        Assert.Equal((404, Request, "container start"), (inner.StatusCode, inner.Request, inner.Operation));
        Assert.Contains("No such container: abc", notFound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Podmans_500_for_a_container_removed_meanwhile_is_a_container_not_found()
    {
        const string body = """{"cause":"no such container","message":"container 1836 does not exist in database: no such container","response":500}""";

        var ex = ApiFailure.Map(Request, HttpStatusCode.InternalServerError, body, ApiResource.Container, "1836", EngineKind.Podman);

        var notFound = Assert.IsType<ContainerNotFoundException>(ex);
        Assert.Equal("1836", notFound.Container);
        Assert.Equal("container 1836 does not exist in database: no such container", notFound.Reason);
        Assert.Equal(500, Assert.IsType<EngineApiException>(notFound.InnerException).StatusCode);
    }

    [Fact]
    public void A_500_about_no_such_container_on_another_route_stays_an_engine_failure() =>
        Assert.IsType<EngineApiException>(ApiFailure.Map("GET /v1.41/images/x/json", HttpStatusCode.InternalServerError, """{"message":"no such container"}""", ApiResource.Image, "x", EngineKind.Podman));

    [Fact]
    public void A_404_on_create_is_an_image_not_found()
    {
        var ex = ApiFailure.Map("POST /v1.41/containers/create", HttpStatusCode.NotFound, """{"cause":"image not known","message":"no such image","response":404}""", ApiResource.Image, "busybox:1", EngineKind.Podman);

        var notFound = Assert.IsType<ImageNotFoundException>(ex);
        Assert.Equal("busybox:1", notFound.Image);
        Assert.Equal("no such image", notFound.Reason);
    }

    [Fact]
    public void Podmans_500_for_a_taken_name_is_a_name_in_use()
    {
        const string body = """{"cause":"that name is already in use","message":"container create: creating container storage: the container name \"web\" is already in use by be61. You have to remove that container to be able to reuse that name: that name is already in use","response":500}""";

        var ex = ApiFailure.Map("POST /v1.41/containers/create", HttpStatusCode.InternalServerError, body, ApiResource.Image, "busybox", EngineKind.Docker, containerName: "web");

        Assert.Equal("web", Assert.IsType<ContainerNameInUseException>(ex).Name);
    }

    [Theory]
    [InlineData("""{"message":"Conflict. The container name \"/web\" is already in use by container \"0123\". You have to remove (or rename) that container to be able to reuse that name."}""")]
    [InlineData("""{"cause":"that name is already in use","message":"creating container storage: the container name \"web\" is already in use by 0123. You have to remove that container to be able to reuse that name: that name is already in use","response":409}""")]
    public void A_409_naming_the_container_name_on_create_is_a_name_in_use(string body)
    {
        var ex = ApiFailure.Map("POST /v1.45/containers/create", HttpStatusCode.Conflict, body, ApiResource.Image, "busybox", EngineKind.Docker, containerName: "web");

        Assert.Equal("web", Assert.IsType<ContainerNameInUseException>(ex).Name);
    }

    [Fact]
    public void Another_failure_names_the_status_the_request_and_the_engines_message()
    {
        var ex = ApiFailure.Map(Request, HttpStatusCode.InternalServerError, """{"message":"OCI runtime create failed"}""", ApiResource.Container, "abc", EngineKind.Docker);

        Assert.Equal(500, Assert.IsType<EngineApiException>(ex).StatusCode);
        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Request, ex.Message, StringComparison.Ordinal);
        Assert.Contains("OCI runtime create failed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("  ", "")]
    [InlineData("page not found\n", "page not found")]
    [InlineData("""{"message":" spaced "}""", "spaced")]
    [InlineData("""{"other":"x"}""", """{"other":"x"}""")]
    [InlineData("[1,2]", "[1,2]")]
    public void The_engines_message_is_read_from_its_json_else_the_body_is_the_message(string? body, string expected)
    {
        Assert.Equal(expected, ApiFailure.EngineMessage(body));
    }

    [Theory]
    [InlineData("POST /v1.45/containers/create", "container create")]
    [InlineData("POST /v1.41/containers/create?name=web", "container create")]
    [InlineData("GET /v1.45/containers/json", "container ls")]
    [InlineData("DELETE /v1.45/containers/3f2a", "container rm")]
    [InlineData("DELETE /v1.41/libpod/containers/3f2a?force=true&timeout=0", "container rm")]
    [InlineData("GET /v1.45/containers/3f2a/json", "container inspect")]
    [InlineData("POST /v1.45/containers/3f2a/start", "container start")]
    [InlineData("POST /v1.45/containers/3f2a/stop", "container stop")]
    [InlineData("POST /v1.45/containers/3f2a/kill", "container kill")]
    [InlineData("POST /v1.45/containers/3f2a/wait", "container wait")]
    [InlineData("POST /v1.45/containers/3f2a/exec", "container exec")]
    [InlineData("POST /v1.45/exec/e1/start", "container exec")]
    [InlineData("GET /v1.45/exec/e1/json", "container exec")]
    [InlineData("GET /v1.45/containers/3f2a/logs", "container logs")]
    [InlineData("PUT /v1.45/containers/3f2a/archive", "container cp")]
    [InlineData("HEAD /containers/3f2a/archive", "container cp")]
    [InlineData("POST /v1.45/commit", "container commit")]
    [InlineData("GET /v1.45/images/ociman-test/busybox:1/json", "image inspect")]
    [InlineData("POST /v1.45/networks/create", "network create")]
    [InlineData("GET /v1.45/networks", "network ls")]
    [InlineData("GET /v1.45/networks/web", "network inspect")]
    [InlineData("DELETE /v1.41/networks/web", "network rm")]
    [InlineData("POST /v1.41/networks/web/connect", "network connect")]
    [InlineData("POST /v1.41/networks/web/disconnect", "network disconnect")]
    [InlineData("GET /v1.45/plugins", "GET /v1.45/plugins")]
    public void An_api_request_is_named_by_the_operation_the_cli_transport_names(string requestLine, string operation)
    {
        Assert.Equal(operation, ApiOperationName.Of(requestLine));
    }

    [Fact]
    public void A_libpod_removal_report_with_an_error_names_it()
    {
        const string body = """[{"Id":"3f2a","Err":"cannot remove container 3f2a: container is being used","RawInput":"3f2a"}]""";

        Assert.Equal("cannot remove container 3f2a: container is being used", ApiClient.RemovalError(body));
    }

    [Theory]
    [InlineData("""[{"Id":"3f2a","RawInput":"3f2a"}]""")]
    [InlineData("""[{"Id":"3f2a","Err":null,"RawInput":"3f2a"}]""")]
    [InlineData("""[{"Id":"3f2a","Err":"","RawInput":"3f2a"}]""")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("not json")]
    public void A_libpod_removal_report_without_an_error_is_a_removal(string body)
    {
        Assert.Null(ApiClient.RemovalError(body));
    }

    [Fact]
    public void A_404_on_a_network_route_is_a_network_not_found()
    {
        var ex = ApiFailure.Map("GET /v1.45/networks/web", HttpStatusCode.NotFound, """{"message":"network web not found"}""", ApiResource.Network, "web", EngineKind.Docker);

        var notFound = Assert.IsType<NetworkNotFoundException>(ex);
        Assert.Equal(("web", "network inspect", "network web not found"), (notFound.Network, notFound.Operation, notFound.Reason));
        Assert.Contains("Network 'web' does not exist.", notFound.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, """{"message":"network with name web already exists"}""", EngineKind.Docker)]
    [InlineData(HttpStatusCode.InternalServerError, """{"cause":"network already exists","message":"network name web already used: network already exists","response":500}""", EngineKind.Podman)]
    public void A_taken_network_name_is_a_network_name_in_use(HttpStatusCode status, string body, EngineKind engine)
    {
        var ex = ApiFailure.Map("POST /v1.41/networks/create", status, body, ApiResource.Network, "web", engine);

        var inUse = Assert.IsType<NetworkNameInUseException>(ex);
        Assert.Equal(("web", "network create"), (inUse.Name, inUse.Operation));
    }
}
