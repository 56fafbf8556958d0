namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class ExecSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task I_can_exec_a_command_and_read_its_output_as_text()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("echo", "hello", "exec").StringAsync();

            Assert.Equal("hello exec\n", output);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task StatusAsync_succeeds_when_the_command_exits_with_0()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            await c.Exec("sh", "-c", "echo done > /status-marker").StatusAsync();

            Assert.Equal("done\n", await c.Exec("cat", "/status-marker").StringAsync());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task StatusAsync_throws_ExecFailedException_with_the_exit_code_stderr_and_command_line()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var thrown = await Assert.ThrowsAsync<ExecFailedException>(
                () => c.Exec("sh", "-c", "echo partial; echo broken pipe dream >&2; exit 4").StatusAsync());

            Assert.Equal(4, thrown.ExitCode);
            Assert.Equal("broken pipe dream", thrown.StandardError.Trim());
            Assert.Equal("partial\n", thrown.StandardOutput);
            Assert.Equal(c.Id, thrown.ContainerId);
            Assert.StartsWith("sh -c ", thrown.Command, StringComparison.Ordinal);
            Assert.Contains("exit 4", thrown.Command, StringComparison.Ordinal);
            Assert.Contains("exit 4", thrown.Message, StringComparison.Ordinal);
            Assert.Contains("broken pipe dream", thrown.Message, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task ResultAsync_returns_a_non_zero_exit_code_without_throwing()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var result = await c.Exec("sh", "-c", "echo out; echo err >&2; exit 5").ResultAsync();

            Assert.Equal(5, result.ExitCode);
            Assert.Equal("out\n", result.StandardOutputText);
            Assert.Equal("err", result.StandardError.Trim());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_of_a_program_that_does_not_exist_returns_its_exit_code()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var result = await c.Exec("/no/such/program").ResultAsync();

            Assert.InRange(result.ExitCode, 126, 127);
        });
    }

    [Theory(Timeout = 60_000)]
    [InlineData("no-such-program", null, "executable file not found")]
    [InlineData("/no/such/program", null, "/no/such/program: no such file or directory")]
    [InlineData("true", "/no/such/directory", "/no/such/directory")]
    public async Task An_exec_the_engine_cannot_start_fails_with_the_engines_reason(string program, string? workingDirectory, string reason)
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var exec = c.Exec(program);
            if (workingDirectory is not null)
            {
                exec = exec.WithWorkingDirectory(workingDirectory);
            }

            var thrown = await Assert.ThrowsAsync<ExecFailedException>(() => exec.StatusAsync());

            // Docker prints the reason on standard output, Podman on standard error: the message has it on both.
            Assert.InRange(thrown.ExitCode, 126, 127);
            Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
            Assert.Contains("could not be started", thrown.Message, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task A_failed_exec_message_escapes_control_characters_in_the_program_name()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var thrown = await Assert.ThrowsAsync<ExecFailedException>(() => c.Exec("no\nsuch\u001b[31m").StatusAsync());

            Assert.Contains("'no\\nsuch\\u001b[31m'", thrown.Message, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_pipe_text_to_standard_input()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("cat").WithStandardInput("line one\nline two, ünïcödé\n").StringAsync();

            Assert.Equal("line one\nline two, ünïcödé\n", output);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task All_256_byte_values_round_trip_through_standard_input_and_output()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("cat").WithStandardInput(bytes).BytesAsync();

            Assert.Equal(bytes, output);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Several_megabytes_from_a_stream_reach_the_command()
    {
        const int size = 8 * 1024 * 1024;
        using var input = new MemoryStream(Pattern(size));
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("wc", "-c").WithStandardInput(input).StringAsync();

            Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), output.Trim());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Several_megabytes_stream_in_and_out_at_the_same_time_without_deadlock()
    {
        var data = Pattern(8 * 1024 * 1024);
        using var input = new MemoryStream(data);
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("cat").WithStandardInput(input).BytesAsync();

            Assert.Equal(data.Length, output.Length);
            Assert.True(data.AsSpan().SequenceEqual(output), "The bytes that came back differ from those sent.");
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_exec_as_another_user_and_group()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("sh", "-c", "id -u; id -g").WithUser("1234:5678").StringAsync();

            Assert.Equal("1234\n5678\n", output);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_exec_in_another_working_directory()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("pwd").WithWorkingDirectory("/bin").StringAsync();

            Assert.Equal("/bin\n", output);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task An_environment_variable_reaches_the_exec_command()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var output = await c.Exec("sh", "-c", "echo \"$EXEC_VAR\"").WithEnvironment("EXEC_VAR", "value with spaces = and equals").StringAsync();

            Assert.Equal("value with spaces = and equals\n", output);
        });
    }

    private static byte[] Pattern(int size)
    {
        // Every byte value, in an order that does not repeat every 256 bytes, so a dropped or doubled block shows.
        var data = new byte[size];
        uint x = 2463534242;
        for (var i = 0; i < size; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            data[i] = (byte)x;
        }

        return data;
    }
}
