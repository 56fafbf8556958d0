using Ociman.Hashing;

namespace Ociman.Tests.Hashing;

public class DockerfileFromParserSpecs
{
    private static readonly Dictionary<string, string> NoArgs = [];

    [Fact]
    public void A_single_from_is_the_base_image()
    {
        Assert.Equal(["alpine:3.20"], DockerfileFromParser.GetBaseImages("FROM alpine:3.20\nRUN true\n", NoArgs));
    }

    [Fact]
    public void The_instruction_is_case_insensitive()
    {
        Assert.Equal(["debian:12"], DockerfileFromParser.GetBaseImages("from debian:12\n", NoArgs));
    }

    [Fact]
    public void Comments_and_blank_lines_are_skipped()
    {
        const string Dockerfile = "# FROM commented:out\n\n   # FROM also:out\nFROM real:1\n";

        Assert.Equal(["real:1"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void Line_continuations_are_joined()
    {
        const string Dockerfile = "FROM \\\n  --platform=linux/amd64 \\\n  # a comment inside the continuation\n  busybox:stable \\\n  AS base\n";

        Assert.Equal(["busybox:stable"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void The_escape_directive_changes_the_continuation_character()
    {
        const string Dockerfile = "# escape=`\nFROM `\n  mcr.microsoft.com/windows/nanoserver:ltsc2022\n";

        Assert.Equal(["mcr.microsoft.com/windows/nanoserver:ltsc2022"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void Platform_flags_are_not_references()
    {
        Assert.Equal(["alpine"], DockerfileFromParser.GetBaseImages("FROM --platform=$BUILDPLATFORM alpine AS build\n", NoArgs));
    }

    [Fact]
    public void A_from_naming_an_earlier_stage_is_not_a_base_image()
    {
        const string Dockerfile = """
            FROM golang:1.22 AS Build
            RUN go build
            FROM build AS test
            FROM alpine:3.20
            COPY --from=build /app /app
            FROM test
            """;

        Assert.Equal(["golang:1.22", "alpine:3.20"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void A_from_naming_a_later_stage_is_a_base_image()
    {
        const string Dockerfile = "FROM later\nFROM alpine AS later\n";

        Assert.Equal(["later", "alpine"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void Scratch_is_not_a_base_image()
    {
        Assert.Empty(DockerfileFromParser.GetBaseImages("FROM scratch\nCOPY app /\n", NoArgs));
    }

    [Fact]
    public void Args_before_the_first_from_are_substituted_with_their_defaults()
    {
        const string Dockerfile = "ARG REGISTRY=docker.io\nARG TAG=\"3.20\"\nFROM ${REGISTRY}/library/alpine:$TAG\n";

        Assert.Equal(["docker.io/library/alpine:3.20"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void Build_args_override_the_defaults()
    {
        const string Dockerfile = "ARG TAG=3.20\nFROM alpine:${TAG}\n";

        Assert.Equal(["alpine:3.21"], DockerfileFromParser.GetBaseImages(Dockerfile, new Dictionary<string, string> { ["TAG"] = "3.21" }));
    }

    [Fact]
    public void Build_args_that_were_not_declared_are_not_substituted()
    {
        const string Dockerfile = "FROM alpine:${TAG:-latest}\n";

        Assert.Equal(["alpine:latest"], DockerfileFromParser.GetBaseImages(Dockerfile, new Dictionary<string, string> { ["TAG"] = "3.21" }));
    }

    [Fact]
    public void Args_declared_after_the_first_from_do_not_apply_to_later_froms()
    {
        const string Dockerfile = "FROM alpine\nARG IMG=debian\nFROM ${IMG:-busybox}\n";

        Assert.Equal(["alpine", "busybox"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void A_default_may_use_an_earlier_arg()
    {
        const string Dockerfile = "ARG VERSION=12\nARG IMAGE=debian:${VERSION}-slim\nFROM $IMAGE\n";

        Assert.Equal(["debian:12-slim"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void Several_args_may_be_declared_on_one_line()
    {
        const string Dockerfile = "ARG NAME=alpine TAG=edge\nFROM ${NAME}:${TAG}\n";

        Assert.Equal(["alpine:edge"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void An_arg_without_default_or_value_expands_to_nothing()
    {
        const string Dockerfile = "ARG SUFFIX\nFROM alpine${SUFFIX}\n";

        Assert.Equal(["alpine"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void An_alternative_value_applies_only_when_the_arg_is_set()
    {
        const string Dockerfile = "ARG DEBUG\nFROM app${DEBUG:+-debug}\n";

        Assert.Equal(["app-debug"], DockerfileFromParser.GetBaseImages(Dockerfile, new Dictionary<string, string> { ["DEBUG"] = "1" }));
        Assert.Equal(["app"], DockerfileFromParser.GetBaseImages(Dockerfile, NoArgs));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        Assert.Equal(["alpine", "debian"], DockerfileFromParser.GetBaseImages("FROM alpine\r\nFROM debian\r\n", NoArgs));
    }
}
