namespace Ociman.Tests.Containers;

public class ContainerDefinitionSpecs
{
    private static readonly ContainerDefinition Alpine = ContainerDefinition.For("alpine");

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    [InlineData("HAS SPACE")]
    [InlineData("TAB\tNAME")]
    [InlineData("NUL\0NAME")]
    public void An_invalid_environment_variable_name_is_rejected_naming_it(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => Alpine.WithEnvironment(name, "v"));

        Assert.Equal("name", ex.ParamName);
        Assert.Contains("not a valid environment variable name", ex.Message, StringComparison.Ordinal);
        if (name.Length > 0 && !name.Contains('\0', StringComparison.Ordinal) && !name.Contains('\t', StringComparison.Ordinal))
        {
            Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_nul_in_an_environment_value_is_rejected_naming_the_variable_but_not_the_value()
    {
        var ex = Assert.Throws<ArgumentException>(() => Alpine.WithEnvironment("PASSWORD", "top\0hunter2"));

        Assert.Contains("'PASSWORD'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NUL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_environment_variables_with_one_bad_name_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Alpine.WithEnvironment([new("GOOD", "1"), new("BAD=NAME", "2")]));
    }

    [Fact]
    public void An_empty_environment_value_is_allowed()
    {
        Assert.Equal(string.Empty, Alpine.WithEnvironment("EMPTY", string.Empty).Environment["EMPTY"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData("a,b")]
    [InlineData("a b")]
    public void An_invalid_label_key_is_rejected_naming_it(string key)
    {
        var ex = Assert.Throws<FormatException>(() => Alpine.WithLabel(key, "v"));

        Assert.Contains($"'{key}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("label key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("_underscore")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ümlaut")]
    public void An_invalid_container_name_is_rejected_naming_it(string name)
    {
        var ex = Assert.Throws<FormatException>(() => Alpine.WithName(name));

        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("container name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_name_longer_than_256_bytes_is_rejected()
    {
        Assert.Equal(256, Alpine.WithName(new string('a', 256)).Name!.ToString().Length);
        Assert.Throws<FormatException>(() => Alpine.WithName(new string('a', 257)));
    }

    [Fact]
    public void Copy_in_of_a_missing_host_path_is_rejected_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ociman-missing-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<ArgumentException>(() => Alpine.WithCopyIn(missing, "/etc/x"));

        Assert.Equal("hostPath", ex.ParamName);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_in_to_a_relative_container_path_is_rejected_naming_it()
    {
        var file = Path.GetTempFileName();
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => Alpine.WithCopyIn(file, "etc/x"));

            Assert.Equal("containerPath", ex.ParamName);
            Assert.Contains("'etc/x'", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Copy_in_records_the_full_host_path_in_order()
    {
        var dir = Path.GetTempPath();
        var file = Path.GetTempFileName();
        try
        {
            var definition = Alpine.WithCopyIn(file, "/a").WithCopyIn(dir, "/b");

            Assert.Equal([new CopyIn(Path.GetFullPath(file), "/a"), new CopyIn(Path.GetFullPath(dir), "/b")], definition.CopyIns);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_memory_limit_below_the_engines_minimum_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Alpine.WithMemoryLimit((6L * 1024 * 1024) - 1));
        Assert.Equal(6L * 1024 * 1024, Alpine.WithMemoryLimit(6L * 1024 * 1024).MemoryLimitBytes);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void A_cpu_limit_that_is_not_positive_is_rejected(double cpus)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Alpine.WithCpuLimit(cpus));
    }

    [Fact]
    public void A_negative_stop_timeout_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Alpine.WithStopTimeout(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Empty_option_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Alpine.WithNetwork(string.Empty));
        Assert.Throws<ArgumentException>(() => Alpine.WithUser(string.Empty));
        Assert.Throws<ArgumentException>(() => Alpine.WithSecurityOptions("ok", string.Empty));
        Assert.Throws<ArgumentException>(() => Alpine.WithHealthCheck(new HealthCheck(string.Empty)));
    }

    [Fact]
    public void A_null_argument_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Alpine.WithArguments("a", null!));
    }

    [Fact]
    public void An_invalid_image_reference_is_a_format_exception()
    {
        Assert.Throws<FormatException>(() => ContainerDefinition.For("UPPER/Case:tag"));
    }

    [Fact]
    public void Auto_remove_is_on_by_default()
    {
        Assert.True(Alpine.AutoRemove);
        Assert.False(Alpine.WithAutoRemove(false).AutoRemove);
    }
}
