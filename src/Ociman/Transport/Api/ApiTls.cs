using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Ociman.Transport.Endpoints;

namespace Ociman.Transport.Api;

/// <summary>
/// TLS for an Engine API reached over TCP, from the same settings the command-line tool uses (<c>DOCKER_TLS_VERIFY</c>,
/// <c>DOCKER_CERT_PATH</c>, or a context's TLS material): the client certificate and key in PEM, and, when verifying,
/// the engine's certificate checked against the CA in <c>ca.pem</c> (and only that CA).
/// </summary>
internal sealed class ApiTls : IAuthProvider
{
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2? _authority;
    private readonly bool _verify;

    private ApiTls(X509Certificate2? clientCertificate, X509Certificate2? authority, bool verify)
    {
        _clientCertificate = clientCertificate;
        _authority = authority;
        _verify = verify;
    }

    /// <inheritdoc />
    public bool TlsEnabled => true;

    /// <summary>Loads the PEM files <paramref name="settings"/> names.</summary>
    /// <exception cref="EngineEndpointException">A file is missing or is not PEM of the expected kind.</exception>
    public static ApiTls Load(EndpointTls settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        X509Certificate2? client = null;
        if (File.Exists(settings.ClientCertificatePath) || File.Exists(settings.ClientKeyPath))
        {
            client = Read(settings.ClientCertificatePath, () => X509Certificate2.CreateFromPemFile(settings.ClientCertificatePath, settings.ClientKeyPath), "the client certificate and key (cert.pem, key.pem)");
        }

        X509Certificate2? authority = null;
        if (settings.Verify)
        {
            authority = Read(settings.CaCertificatePath, () => X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaCertificatePath)), "the CA certificate (ca.pem) that verifies the engine");
        }

        return new ApiTls(client, authority, settings.Verify);
    }

    /// <summary>The TLS options a connection to the engine uses.</summary>
    public SslClientAuthenticationOptions Options(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = SslProtocols.None,
        ClientCertificates = _clientCertificate is null ? null : new X509CertificateCollection { _clientCertificate },
        RemoteCertificateValidationCallback = Validate,
    };

    /// <inheritdoc />
    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        switch (handler)
        {
            // Docker.DotNet's own handler for tcp:// endpoints (it speaks HTTP itself, for the hijacked exec streams).
            case Microsoft.Net.Http.Client.ManagedHandler managed:
                if (_clientCertificate is not null)
                {
                    managed.ClientCertificates = new X509CertificateCollection { _clientCertificate };
                }

                managed.ServerCertificateValidationCallback = Validate;
                break;
            case SocketsHttpHandler sockets:
                sockets.SslOptions.ClientCertificates = _clientCertificate is null ? null : new X509CertificateCollection { _clientCertificate };
                sockets.SslOptions.RemoteCertificateValidationCallback = Validate;
                break;
            case HttpClientHandler client:
                if (_clientCertificate is not null)
                {
                    client.ClientCertificates.Add(_clientCertificate);
                }

                client.ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) => Validate(null!, certificate, chain, errors);
                break;
            default:
                throw new EngineConfigurationException($"The API client's HTTP handler ({handler.GetType().Name}) cannot be configured for TLS; use the CLI transport (OCIMAN_TRANSPORT=cli) for this TLS endpoint.");
        }

        return handler;
    }

    // Without verification any certificate is accepted (DOCKER_TLS_VERIFY unset, as the CLI does); with it, the engine's
    // certificate must chain to the configured CA alone, and its name must match.
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!_verify)
        {
            return true;
        }

        if (certificate is null || _authority is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (certificate is X509Certificate2 full)
        {
            return custom.Build(full);
        }

#if NET9_0_OR_GREATER
        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
#else
        using var loaded = new X509Certificate2(certificate.GetRawCertData());
#endif
        return custom.Build(loaded);
    }

    private static X509Certificate2 Read(string path, Func<X509Certificate2> load, string what)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new EngineEndpointException(path, $"Could not read {what} from '{path}': {ex.Message}", ex);
        }
    }
}
