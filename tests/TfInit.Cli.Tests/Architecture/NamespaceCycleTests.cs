using System.Text.RegularExpressions;

namespace TfInit.Cli.Tests.Architecture;

/// <summary>
/// The charter's "no namespace cycles", checked over the sources of src/: a namespace depends on another when one of
/// its files has a <c>using</c> of it, writes a name qualified by it (<c>TfInit.Keras.Layers.Dense</c>), or uses by its
/// bare name a type declared in an enclosing namespace (C# resolves those without a using, which is how a sub-namespace
/// quietly leans on its parent). The dependency graph must have no cycle.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    [Fact]
    public void NoNamespaceDependsOnItselfThroughOthers()
    {
        var graph = Dependencies(SourceFiles());
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(c =>
            "cycle: " + string.Join(", ", c.Order()) + "\n" + string.Join("\n", c.Order().SelectMany(from => graph[from]
                .Where(e => c.Contains(e.Key)).Select(e => $"  {from} -> {e.Key} ({e.Value})"))))));
    }

    [Fact]
    public void TheCheckSeesACycle()
    {
        // The parser and the cycle search find a two-namespace cycle made of an implicit parent reference and a using.
        var files = new Dictionary<string, string>
        {
            ["a/Root.cs"] = "using A.Child;\nnamespace A;\npublic static class Root { public static int X => Leaf.Y; }",
            ["a/child/Leaf.cs"] = "namespace A.Child;\n// Root here is only a comment\npublic static class Leaf { public static int Y => Root.X; }",
            ["b/Other.cs"] = "namespace B;\npublic static class Other { public static string Z => \"A.Child.Leaf\"; }",
        };
        var graph = Dependencies(files);
        Assert.Equal(["A", "A.Child"], StronglyConnected(graph).Single(c => c.Count > 1).Order());
        Assert.Empty(graph["B"]);
    }

    private static Dictionary<string, string> SourceFiles()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "TfInit.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("no TfInit.sln above the test binaries");
        }

        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllText);
        Assert.True(files.Count > 100, $"only {files.Count} source files under {root}/src");
        return files;
    }

    /// <summary>For each namespace, the namespaces it depends on, each with one file (and name) that shows why.</summary>
    private static Dictionary<string, Dictionary<string, string>> Dependencies(IReadOnlyDictionary<string, string> files)
    {
        var sources = files.Select(f => (Path: f.Key, Code: Code(f.Value))).Select(f => (f.Path, f.Code, Namespace: NamespaceOf().Match(f.Code)))
            .Where(f => f.Namespace.Success).Select(f => (f.Path, f.Code, Namespace: f.Namespace.Groups[1].Value)).ToList();
        var namespaces = sources.Select(s => s.Namespace).ToHashSet(StringComparer.Ordinal);
        var types = sources.GroupBy(s => s.Namespace)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => TypeDeclaration().Matches(s.Code).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
        var graph = namespaces.ToDictionary(n => n, _ => new Dictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (path, code, ns) in sources)
        {
            foreach (Match m in Using().Matches(code).Concat(Qualified().Matches(code)))
            {
                string? target = Enclosing(m.Groups[1].Value, namespaces);
                if (target is not null && target != ns)
                {
                    graph[ns].TryAdd(target, path);
                }
            }

            string body = UsingOrNamespaceLine().Replace(code, "");
            for (string parent = Parent(ns); parent.Length > 0; parent = Parent(parent))
            {
                foreach (string type in types.GetValueOrDefault(parent) ?? [])
                {
                    if (Regex.IsMatch(body, $@"(?<![\w.]){Regex.Escape(type)}\b"))
                    {
                        graph[ns].TryAdd(parent, $"{path}: {type}");
                    }
                }
            }
        }

        return graph;
    }

    private static string Parent(string ns) => ns.LastIndexOf('.') is var dot and > 0 ? ns[..dot] : "";

    /// <summary>The longest known namespace that <paramref name="name"/> is or lies in (a using may name a type: using static).</summary>
    private static string? Enclosing(string name, HashSet<string> namespaces)
    {
        for (; name.Length > 0; name = Parent(name))
        {
            if (namespaces.Contains(name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The code without comments and string or character literals, which name no dependency.</summary>
    private static string Code(string text) => Literals().Replace(text, m => m.Value.StartsWith('/') ? "" : "\"\"");

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        foreach (string start in graph.Keys.Where(n => !index.ContainsKey(n)).ToList())
        {
            Visit(start);
        }

        return components;

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in graph[v].Keys)
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                components.Add(component);
            }
        }
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:""""|[^""])*""|"""""".*?""""""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])+'", RegexOptions.Singleline)]
    private static partial Regex Literals();

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceOf();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"(?<![\w.])(TfInit(?:\.\w+)+)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"^\s*(?:global\s+)?(?:namespace|using)\b[^\n]*$", RegexOptions.Multiline)]
    private static partial Regex UsingOrNamespaceLine();

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|static|sealed|abstract|partial|readonly|file|ref)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();
}
