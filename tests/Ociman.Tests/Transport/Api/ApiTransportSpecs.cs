using Ociman.Transport.Api;
using Ociman.Transport.Endpoints;

namespace Ociman.Tests.Transport.Api;

public class ApiTransportSpecs
{
    [Fact]
    public void Tls_material_that_cannot_be_read_names_the_file_and_what_it_should_hold()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ociman-tls-spec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "cert.pem"), "not a certificate");
            var settings = new EndpointTls(Verify: true, Path.Combine(directory, "ca.pem"), Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"));

            var ex = Assert.Throws<EngineEndpointException>(() => ApiTls.Load(settings));

            Assert.Equal(settings.ClientCertificatePath, ex.Setting);
            Assert.Contains("client certificate and key (cert.pem, key.pem)", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_ca_pem_holding_only_a_certificate_loads_and_the_client_certificate_comes_with_its_key()
    {
        // As DOCKER_CERT_PATH has them: ca.pem is the CA's certificate alone (no key), cert.pem and key.pem the client's.
        var directory = Directory.CreateTempSubdirectory("ociman-tls-spec-").FullName;
        try
        {
            using var caKey = System.Security.Cryptography.RSA.Create(2048);
            var caRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=spec CA", caKey, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            using var clientKey = System.Security.Cryptography.RSA.Create(2048);
            var clientRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=spec client", clientKey, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var client = clientRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
            File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "cert.pem"), client.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "key.pem"), clientKey.ExportPkcs8PrivateKeyPem());

            var tls = ApiTls.Load(new EndpointTls(Verify: true, Path.Combine(directory, "ca.pem"), Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem")));
            var options = tls.Options("127.0.0.2");

            var certificate = Assert.IsType<System.Security.Cryptography.X509Certificates.X509Certificate2>(Assert.Single(options.ClientCertificates!.Cast<object>()));
            Assert.Equal("CN=spec client", certificate.Subject);
            Assert.True(certificate.HasPrivateKey);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Without_verification_and_without_client_material_tls_loads_nothing_and_needs_no_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ociman-tls-spec-" + Guid.NewGuid().ToString("N"));
        var tls = ApiTls.Load(new EndpointTls(Verify: false, Path.Combine(missing, "ca.pem"), Path.Combine(missing, "cert.pem"), Path.Combine(missing, "key.pem")));

        var options = tls.Options("engine.example");

        Assert.Null(options.ClientCertificates);
        Assert.Equal("engine.example", options.TargetHost);
        Assert.True(tls.TlsEnabled);
    }

    [Theory]
    [InlineData(126, "OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"/nope\") set in config.json failed: no such file or directory: unknown\r\n", "", true)]
    [InlineData(127, "", "OCI runtime exec failed: exec: \"nope\": executable file not found in $PATH", true)]
    [InlineData(126, "permission denied by my own script\n", "", false)]
    [InlineData(1, "OCI runtime exec failed", "", false)]
    public void An_exec_start_failure_is_told_from_the_commands_own_exit(int exitCode, string stdout, string stderr, bool isStartFailure)
    {
        var failure = ApiDialect.ExecStartFailure(exitCode, stdout, stderr);

        Assert.Equal(isStartFailure, failure is not null);
        if (failure is not null)
        {
            Assert.StartsWith("OCI runtime exec failed", failure, StringComparison.Ordinal);
            Assert.Equal(failure.Trim(), failure);
        }
    }

    [Theory]
    [InlineData("workdir \"/nope\" does not exist on container 0123", true)]
    [InlineData("OCI runtime error: chdir to cwd (\"/nope\") set in config.json failed", true)]
    [InlineData("cannot start a container that has stopped", false)]
    public void Podmans_refusal_of_a_missing_working_directory_is_recognised(string reason, bool expected)
    {
        Assert.Equal(expected, ApiDialect.IsMissingWorkingDirectory(reason));
    }

    [Theory]
    [InlineData(EngineKind.Podman, "localhost/ociman-test/busybox:1", "ociman-test/busybox:1")]
    [InlineData(EngineKind.Podman, "docker.io/library/busybox:1", "docker.io/library/busybox:1")]
    [InlineData(EngineKind.Docker, "localhost/app:1", "localhost/app:1")]
    public void A_listed_or_inspected_image_is_reported_as_given(EngineKind kind, string reported, string expected)
    {
        Assert.Equal(expected, ApiDialect.ImageAsGiven(reported, kind));
    }

    [Theory]
    [InlineData(EngineKind.Podman, "ociman-test/snapshot:1", "localhost/ociman-test/snapshot:1")]
    [InlineData(EngineKind.Podman, "snapshot", "localhost/snapshot")]
    [InlineData(EngineKind.Podman, "localhost/ociman-test/snapshot:1", "localhost/ociman-test/snapshot:1")]
    [InlineData(EngineKind.Podman, "registry.example:5000/team/app:2", "registry.example:5000/team/app:2")]
    [InlineData(EngineKind.Docker, "ociman-test/snapshot:1", "ociman-test/snapshot:1")]
    public void A_commit_on_Podman_names_a_short_repository_as_the_CLI_does(EngineKind kind, string given, string sent)
    {
        Assert.Equal(sent, ApiDialect.CommitTarget(ImageReference.Parse(given), kind).ToString());
    }
}
