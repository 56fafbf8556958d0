using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.Compatibility;

/// <summary>
/// The adapter is built against the oldest NUnit it supports (NUnitFloor) and runs with whatever NUnit 4.x or 5.x the
/// user's project has; these tests run with the NUnit given by <c>-p:NUnitVersion=...</c> (the newest by default).
/// </summary>
public sealed class NUnitVersionSpecs
{
    private const string NUnitAssemblyName = "nunit.framework";

    private static Assembly Adapter => typeof(ContainerTestFixture<>).Assembly;

    [Test]
    public void The_tests_run_with_the_NUnit_version_they_were_built_for()
    {
        var built = typeof(NUnitVersionSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NUnitVersion").Value;
        // The package the host resolved nunit.framework from (its assembly version does not say: NUnit 4.1.0's is 4.0.1.0).
        var depsFile = (string)AppContext.GetData("APP_CONTEXT_DEPS_FILES")!;
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile.Split(';')[0]));
        var package = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(library => library.Name)
            .Single(name => name.StartsWith("NUnit/", StringComparison.Ordinal));

        TestContext.Out.WriteLine($"{package} (nunit.framework {typeof(Assert).Assembly.GetName().Version}); "
            + $"the adapter was built against nunit.framework {AdapterReference().Version}");
        Assert.That(package, Is.EqualTo($"NUnit/{built}"), "the NUnit package the tests run with is the one -p:NUnitVersion asked for");
        Assert.That(Path.GetDirectoryName(typeof(Assert).Assembly.Location), Is.EqualTo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)),
            "nunit.framework is loaded from the test's output, which the deps file describes");
    }

    [Test]
    public void Every_NUnit_type_and_member_the_adapter_uses_exists_in_the_NUnit_it_runs_with()
    {
        using var pe = new PEReader(File.OpenRead(Adapter.Location));
        var metadata = pe.GetMetadataReader();
        var module = Adapter.ManifestModule;
        var resolved = new List<string>();
        var missing = new List<string>();

        foreach (var handle in metadata.TypeReferences.Where(t => IsNUnit(metadata, t)))
        {
            Resolve(() => module.ResolveType(MetadataTokens.GetToken(handle)), TypeName(metadata, handle), resolved, missing);
        }

        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference && IsNUnit(metadata, (TypeReferenceHandle)member.Parent))
            {
                var name = $"{TypeName(metadata, (TypeReferenceHandle)member.Parent)}.{metadata.GetString(member.Name)}";
                Resolve(() => module.ResolveMember(MetadataTokens.GetToken(handle)), name, resolved, missing);
            }
        }

        Assert.That(missing, Is.Empty, $"running with NUnit {typeof(Assert).Assembly.GetName().Version}");
        TestContext.Out.WriteLine($"{resolved.Count} NUnit types and members resolved: {string.Join(", ", resolved)}");
        // What the adapter is known to use, so this cannot pass by finding nothing. (PropertyNames.SkipReason is a
        // constant, compiled into the adapter: NoEngineSpecs checks the skip reason NUnit reports.)
        Assert.That(resolved, Is.SupersetOf(new[]
        {
            "NUnit.Framework.Assert.Ignore",
            "NUnit.Framework.TestContext.get_CurrentContext",
            "NUnit.Framework.TestContext.get_CancellationToken",
            "NUnit.Framework.TestContext.get_Out",
            "NUnit.Framework.TestContext.Progress",
            "NUnit.Framework.Internal.Test.set_RunState",
            "NUnit.Framework.Internal.Test.get_Properties",
            "NUnit.Framework.Interfaces.IPropertyBag.Set",
            "NUnit.Framework.Interfaces.IApplyToTest",
            "NUnit.Framework.OneTimeSetUpAttribute..ctor",
        }));
    }

    private static AssemblyName AdapterReference() =>
        Adapter.GetReferencedAssemblies().Single(a => a.Name == NUnitAssemblyName);

    private static void Resolve(Func<object?> resolve, string name, List<string> resolved, List<string> missing)
    {
        try
        {
            resolve();
            resolved.Add(name);
        }
        catch (Exception e) when (e is MissingMemberException or TypeLoadException or ArgumentException)
        {
            missing.Add($"{name}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static bool IsNUnit(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var scope = metadata.GetTypeReference(handle).ResolutionScope;
        return scope.Kind switch
        {
            HandleKind.AssemblyReference => metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == NUnitAssemblyName,
            HandleKind.TypeReference => IsNUnit(metadata, (TypeReferenceHandle)scope),
            _ => false,
        };
    }

    private static string TypeName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{TypeName(metadata, (TypeReferenceHandle)type.ResolutionScope)}+{name}"
            : $"{metadata.GetString(type.Namespace)}.{name}";
    }
}
