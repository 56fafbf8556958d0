namespace Ociman.Testing.Tests;

/// <summary>Reading a container's listening sockets from a process file system laid out as Linux's <c>/proc</c>.</summary>
public sealed class ContainerSocketsSpecs : IDisposable
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private const int Pid = 4242;
    private static readonly string Id = new('c', 64);

    // Measured on Docker 26 and Podman 4.3: busybox httpd -p 8080 listens on [::]:8080; a connection to 8080 established.
    private const string Tcp6Listening8080 =
        Header + "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 28513 1 00000000f57f1548 100 0 0 10 0\n";

    private const string TcpEstablished8080 =
        Header + "   0: 020011AC:1F90 010011AC:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1\n";

    private const string TcpListening127On9090 =
        Header + "   0: 0100007F:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30305 1 00000000d1a74106 100 0 0 10 0\n";

    private readonly string _root = Directory.CreateTempSubdirectory("ociman-proc-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_LISTEN_socket_on_the_port_in_tcp6_counts()
    {
        Process(Id, Header, Tcp6Listening8080);

        Assert.True(ContainerSockets.IsListening(_root, Id, Pid, 8080));
        Assert.False(ContainerSockets.IsListening(_root, Id, Pid, 8081));
    }

    [Fact]
    public void An_established_connection_on_the_port_is_not_a_listener()
    {
        Process(Id, TcpEstablished8080, Header);

        Assert.False(ContainerSockets.IsListening(_root, Id, Pid, 8080));
    }

    [Fact]
    public void A_LISTEN_socket_in_tcp_counts_and_tcp6_may_be_absent()
    {
        Process(Id, TcpListening127On9090, tcp6: null);

        Assert.True(ContainerSockets.IsListening(_root, Id, Pid, 9090));
    }

    [Fact]
    public void A_pid_whose_cgroup_does_not_name_the_container_tells_nothing()
    {
        // The pid of a remote engine's container: on this host it is some other process (or none).
        Process(new string('d', 64), Header, Tcp6Listening8080);

        Assert.Null(ContainerSockets.IsListening(_root, Id, Pid, 8080));
    }

    [Fact]
    public void A_pid_that_is_not_visible_tells_nothing()
    {
        Assert.Null(ContainerSockets.IsListening(_root, Id, Pid, 8080));
    }

    [Fact]
    public void A_container_without_a_main_process_listens_on_nothing()
    {
        Assert.False(ContainerSockets.IsListening(_root, Id, 0, 8080));
    }

    [Theory]
    [InlineData("")]
    [InlineData(Header)]
    [InlineData("garbage\n0: x\n   0: 00000000:1F90 00000000:0000\n")]
    public void Tables_without_a_listener_hold_none(string table)
    {
        Assert.False(ContainerSockets.HasListener(table, 8080));
    }

    private void Process(string cgroupId, string tcp, string? tcp6)
    {
        var process = Path.Combine(_root, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(process, "net"));
        File.WriteAllText(Path.Combine(process, "cgroup"), $"9:name=systemd:/docker/{cgroupId}\n8:pids:/docker/{cgroupId}\n");
        File.WriteAllText(Path.Combine(process, "net", "tcp"), tcp);
        if (tcp6 is not null)
        {
            File.WriteAllText(Path.Combine(process, "net", "tcp6"), tcp6);
        }
    }
}
