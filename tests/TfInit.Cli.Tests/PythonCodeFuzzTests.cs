using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using TfInit.Initializers;
using TfInit.PythonCode;
using TfInit.Serialization;

namespace TfInit.Cli.Tests;

/// <summary>
/// Property-based fuzzing (CsCheck) of the Python-spec grammar (<see cref="PythonInitializers.Parse"/>): valid calls
/// built from every registered Python form and Keras class (names, aliases, module prefixes, their parameters with
/// values of each parameter's kind), numpy lines in the tutorial's style, mutations of both (dropped brackets, wrong
/// or repeated keywords, huge numbers, unicode, deep nesting, long chains, cuts) and random token soups. Property:
/// the code either parses and fills small tensors with finite values of the right count, or throws an
/// ArgumentException-family error whose message is one line naming the position in the code (and, for a value the
/// initializer refuses, a parameter the user wrote); no other exception type, and each case within a time and
/// allocation bound. Iterations and replay seed as <see cref="FuzzTests"/> (TFINIT_FUZZ_ITERATIONS, TFINIT_FUZZ_SEED).
/// </summary>
public sealed partial class PythonCodeFuzzTests
{
    private static readonly int[][] Shapes = [[4, 3], [3, 5], [2, 3, 2, 4], [6], [1, 1], [3, 3, 2]];

    private static readonly string[] SmallNumbers = ["0", "1", "2", "0.5", "0.01", "-1", "3", "1e-3", "2.0", "0.1", "10"];

    private static readonly string[] HugeNumbers =
        ["1e308", "-1e308", "1e400", "-1e400", "1e-320", "99999999999999999999999999", "4294967296", "2147483648", "1e39", "0e0", "-0.0"];

    private static readonly string[] StringChoices =
        ["'fan_in'", "'fan_out'", "'fan_avg'", "'FAN_IN'", "'truncated_normal'", "'normal'", "'uniform'", "'untruncated_normal'",
         "'relu'", "'leaky_relu'", "'tanh'", "'linear'", "'selu'", "'sigmoid'", "'conv2d'", "'bogus'", "''"];

    // Unicode the lexer must refuse or carry in strings without echoing control characters: accents, a math letter
    // (a surrogate pair), a lone surrogate, zero-width space, right-to-left override, NUL, ESC, a fullwidth paren.
    private static readonly string[] Unicode = ["é", "\U0001D465", "\ud800", "\u200b", "\u202e", "\0", "\u001b[2J", "\uff08", "ß", "π", "\r"];

    private static readonly Form[] Forms = ReadForms();

    private static readonly Gen<string> Number = Gen.Frequency(
        (6, Gen.OneOf(SmallNumbers)),
        (2, Gen.Double[-5, 5].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf(HugeNumbers)));

    private static readonly Gen<string> ValidCall = Gen.OneOf(Forms.Select(CallOf).ToArray());

    private static readonly Gen<string> NumPyLines = Gen.Select(NumPyExpression(3), Gen.Int[0, 3], (expr, style) => style switch
    {
        0 => $"W = tf.Variable({expr})",
        1 => expr,
        2 => $"n = (n_in + n_out) * 0.5\nW = {expr} * np.sqrt(1/n)",
        _ => $"import numpy as np; W = {expr}",
    });

    private static readonly Gen<string> Valid = Gen.Frequency((3, ValidCall), (1, NumPyLines),
        (1, ValidCall.Select(c => $"tf.get_variable('w', shape=[n_in, n_out], initializer={c})")));

    private static readonly Gen<string> Code = Gen.Frequency((3, Valid), (4, Gen.Select(Valid, Gen.Int[0, 9].Array[1, 3], Gen.Int, Mutate)),
        (2, TokenSoup()));

    [Fact]
    public void PythonCodeParsesIntoFiniteValuesOrOneLineOfBadInput()
    {
        int parsed = 0;
        int refused = 0;
        Gen.Select(Code, Gen.Int[0, Shapes.Length - 1]).Sample((code, s) =>
        {
            if (Check(code, Shapes[s]))
            {
                parsed++;
            }
            else
            {
                refused++;
            }
        }, seed: FuzzTests.Seed, iter: FuzzTests.Iterations, threads: 1);

        // The generator reaches both outcomes, so the property is exercised on each side.
        Assert.True(parsed > FuzzTests.Iterations / 10 && refused > FuzzTests.Iterations / 10, $"parsed {parsed}, refused {refused}");
    }

    [Fact]
    public void EveryListedFormIsReachedByTheGenerator()
    {
        // Every form of `tfinit list` but the two descriptions of numpy lines is a call the generator writes.
        var listed = PythonInitializers.Forms.Where(f => f.Family != "numpy").Select(f => f.Python.Split('(')[0]).ToHashSet();
        Assert.Equal(listed.Order(), Forms.Select(f => f.Name).Where(listed.Contains).Distinct().Order());
        Assert.Contains(Forms, f => f.Name == "tf.keras.initializers.he_normal");
        Assert.Contains(Forms, f => f.Name == "torch.nn.init.kaiming_normal_" && f.Parameters.Any(p => p.Name == "mode"));
    }

    [Theory]
    [InlineData("+1", 100_000)]
    [InlineData("**1", 100_000)]
    [InlineData("*(1)", 100_000)]
    [InlineData(".x", 100_000)]
    [InlineData("[0]", 100_000)]
    [InlineData("()", 100_000)]
    public void LongChainsAreRefusedOrRunWithoutExhaustingTheStack(string link, int count)
    {
        // A left-associative chain (1+1+...+1) builds a tree as deep as it is long: the parser's nesting limit must cover it.
        string code = "np.random.randn(n_in, n_out) * 2" + string.Concat(Enumerable.Repeat(link, count));
        Check(code, [4, 3]);
    }

    /// <summary>Runs the property on one code and shape; returns whether it parsed and filled.</summary>
    private static bool Check(string code, int[] shape)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            var initializer = PythonInitializers.Parse(code);
            var doubles = new double[shape.Aggregate(1, (p, d) => p * d)];
            initializer.Fill(doubles, shape);
            var floats = new float[doubles.Length];
            initializer.Fill(floats, shape);
            Assert.All(doubles, v => Assert.True(double.IsFinite(v), $"{Show(code)} {string.Join(',', shape)}: {v}"));
            Assert.All(floats, v => Assert.True(float.IsFinite(v), $"{Show(code)} {string.Join(',', shape)} float32: {v}"));
            return true;
        }
        catch (ArgumentException e)
        {
            AssertNamesWhatTheUserWrote(code, e);
            return false;
        }
        finally
        {
            // Tiny tensors: a case may parse, run and fill in well under a second and a few MB even on a loaded machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{Show(code)} took {clock.Elapsed}");
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(allocated < (64L << 20) + (256L * code.Length), $"{Show(code)} allocated {allocated} bytes");
        }
    }

    private static void AssertNamesWhatTheUserWrote(string code, ArgumentException e)
    {
        // PythonCodeException's message is one line itself; other ArgumentExceptions get their "(Parameter 'x')" and
        // "Actual value was" lines joined by the CLI, which also escapes control characters read from the input.
        string message = e is PythonCodeException ? e.Message : Cli.OneLine(e.Message);
        Assert.False(string.IsNullOrWhiteSpace(message), Show(code));
        Assert.True(IsCleanLine(message), $"{Show(code)}: not one clean line: {Show(message)}");
        if (e is PythonCodeException python)
        {
            // Parse and run errors name the position in the user's code; a refused value names the argument.
            Assert.StartsWith($"Python code, line {python.Line}, column {python.Column}: ", message);
            Assert.Equal("code", e.ParamName);
            foreach (Match quoted in QuotedParameter().Matches(message))
            {
                string name = quoted.Groups[1].Value;
                Assert.True(code.Contains(name, StringComparison.Ordinal) || KnownParameters.Contains(name),
                    $"{Show(code)}: the message names '{name}', which the code does not contain: {message}");
            }
        }
        else
        {
            // Errors raised by the fill itself concern the tensor the user asked for (--shape in the CLI), or refuse
            // values that would overflow (naming the parameter that is too large, or the code's own draws).
            Assert.True(message.Contains("shape", StringComparison.OrdinalIgnoreCase) || message.Contains("No weight may be Inf or NaN", StringComparison.Ordinal),
                $"{Show(code)}: {message}");
        }
    }

    /// <summary>No control or format character (ESC, CR, a right-to-left override) and no lone surrogate.</summary>
    private static bool IsCleanLine(string message)
    {
        for (int i = 0; i < message.Length; i++)
        {
            char c = message[i];
            if (char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parameter names of the Python API the code calls: the forms' and numpy's (np.random.uniform(-2, 'x') names
    /// 'high' as numpy does). A message may name one the code binds by position, or a missing required one.
    /// </summary>
    private static readonly HashSet<string> KnownParameters = Forms.SelectMany(f => f.Parameters.Select(p => p.Name))
        .Concat(["low", "high", "size", "loc", "scale", "x", "dtype", "shape", "name", "initializer"]).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"'([A-Za-z_][A-Za-z0-9_]*)' is ")]
    private static partial Regex QuotedParameter();

    private static string Show(string text) =>
        text.Length > 300 ? Escape(text[..300]) + $"... ({text.Length} chars)" : Escape(text);

    private static string Escape(string text) => string.Concat(text.Select(c => c < ' ' || char.IsSurrogate(c) || c == '\u202e' ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>
    /// The calls: every listed form (parameters with their defaults parsed from its signature), and each Keras class
    /// also under its snake_case aliases and the other module prefixes Keras code uses.
    /// </summary>
    private static Form[] ReadForms()
    {
        var forms = new List<Form>();
        foreach (var listed in PythonInitializers.Forms.Where(f => f.Family != "numpy"))
        {
            int open = listed.Python.IndexOf('(');
            if (open < 0)
            {
                forms.Add(new Form(listed.Python, [], Bare: true));
                continue;
            }

            var parameters = listed.Python[(open + 1)..^1].Split(", ", StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).Select(p => new Parameter(p[0], p.Length > 1 ? p[1] : null)).ToArray();
            forms.Add(new Form(listed.Python[..open], parameters, Bare: false));
        }

        foreach (var type in InitializerType.All.Where(t => t.Module == "keras.initializers" && t.Type != typeof(NumPySnippet)))
        {
            var keras = forms.Single(f => f.Name == "keras.initializers." + type.ClassName);
            foreach (string prefix in new[] { "keras.initializers.", "tf.keras.initializers.", "tf.initializers.", "initializers.", "tf.compat.v1.keras.initializers." })
            {
                forms.AddRange(type.Aliases.Prepend(type.ClassName).Select(name => keras with { Name = prefix + name }).Where(f => f.Name != keras.Name));
            }
        }

        return [.. forms];
    }

    /// <summary>A valid call of <paramref name="form"/>: required parameters given, optional ones given or left out, leading ones possibly positional.</summary>
    private static Gen<string> CallOf(Form form)
    {
        if (form.Bare)
        {
            return Gen.Const(form.Name);
        }

        var arguments = form.Parameters.Select(p => Gen.Select(Gen.Int[0, 3], ValueOf(p), (use, value) => (p, use, value))).ToArray();
        return Gen.Select(Gen.Int[0, form.Parameters.Length], Gen.Int[0, 1], (positional, omitFirst) => (positional, omitFirst))
            .SelectMany(choice => Sequence(arguments).Select(args =>
            {
                var written = new List<string>();
                bool keywordsOnly = false;
                for (int i = 0; i < args.Length; i++)
                {
                    var (parameter, use, value) = args[i];
                    bool required = parameter.Default is null;
                    if (!required && use == 0)
                    {
                        keywordsOnly = true;
                        continue;
                    }

                    keywordsOnly |= i >= choice.positional;
                    written.Add(keywordsOnly ? $"{parameter.Name}={value}" : value);
                }

                return $"{form.Name}({string.Join(", ", written)})";
            }));
    }

    private static Gen<(Parameter, int, string)[]> Sequence(Gen<(Parameter, int, string)>[] gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<(Parameter, int, string)>()), (all, next) => Gen.Select(all, next, (a, n) => a.Append(n).ToArray()));

    /// <summary>A value of the parameter's kind, read from its default (or its name when it has none).</summary>
    private static Gen<string> ValueOf(Parameter parameter) => (parameter.Name, parameter.Default) switch
    {
        ("tensor", _) => Gen.OneOf("w", "tensor", "layer.weight"),
        ("generator", _) => Gen.Const("None"),
        ("dtype", _) => Gen.OneOf("tf.float32", "tf.float64", "jnp.float32", "jnp.float_"),
        ("nonlinearity" or "distribution" or "mode", _) => Gen.OneOf(StringChoices),
        ("sparsity", _) => Gen.OneOf("0.1", "0.5", "0", "0.9"),
        ("batch_axis", _) => Gen.OneOf("()", "0", "(0,)"),
        ("in_axis" or "out_axis" or "column_axis", _) => Gen.OneOf("-1", "-2", "0", "1", "(0, 1)", "(-2,)"),
        ("input_axes" or "output_axes", _) => Gen.OneOf("None", "(0,)", "[1]", "-1"),
        (_, "None") when parameter.Name == "seed" => Gen.Frequency((1, Gen.Const("None")), (3, Gen.Long[0, uint.MaxValue].Select(s => s.ToString(CultureInfo.InvariantCulture)))),
        (_, "True" or "False") => Gen.OneOf("True", "False"),
        (_, { } text) when text.StartsWith('\'') => Gen.OneOf(StringChoices),
        _ => Number,
    };

    /// <summary>numpy expressions in the tutorial's style, nested up to <paramref name="depth"/> levels.</summary>
    private static Gen<string> NumPyExpression(int depth)
    {
        var draw = Gen.OneOf(
            Gen.Const("np.random.randn(n_in, n_out)"), Gen.Const("np.random.randn(*shape)"), Gen.Const("np.random.rand(node_in, node_out)"),
            Number.Select(s => $"np.random.uniform(-{s}, {s}, (n_in, n_out))"), Number.Select(s => $"np.random.normal(0, {s}, size=shape)"),
            Gen.Const("np.random.standard_normal(shape)"), Gen.Const("np.random.random_sample(shape)"));
        var scalar = Gen.OneOf(Number, Gen.OneOf("n_in", "n_out", "node_in", "node_out", "np.pi", "shape[0]"));
        if (depth == 0)
        {
            return draw;
        }

        var inner = NumPyExpression(depth - 1);
        return Gen.Frequency(
            (3, draw),
            (3, Gen.Select(inner, Gen.OneOf("*", "/", "+", "-"), scalar, (a, op, b) => $"{a} {op} {b}")),
            (2, Gen.Select(inner, scalar, (a, b) => $"{a} * np.sqrt(2/{b})")),
            (1, Gen.Select(inner, scalar, (a, b) => $"({a}) * math.sqrt({b}) ** 0.5")),
            (1, Gen.Select(inner, Gen.OneOf("float32", "float64"), (a, t) => $"({a}).astype(np.{t})")));
    }

    /// <summary>Mutates valid code: each edit picks what to break from <paramref name="edits"/>, where from <paramref name="where"/>.</summary>
    private static string Mutate(string code, int[] edits, int where)
    {
        var random = new System.Random(where);
        var text = new StringBuilder(code);
        foreach (int edit in edits)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
            switch (edit)
            {
                case 0:
                    RemoveOne(text, random, "()[]".Contains);
                    break;
                case 1:
                    InsertBeforeClose(text, random.Next(3) switch { 0 => "bogus=1", 1 => "seed=1, seed=2", _ => "**{}" });
                    break;
                case 2:
                    ReplaceNumber(text, random, HugeNumbers[random.Next(HugeNumbers.Length)]);
                    break;
                case 3:
                    text.Insert(at, Unicode[random.Next(Unicode.Length)]);
                    break;
                case 4:
                    int depth = random.Next(1, 160);
                    text.Insert(0, random.Next(2) == 0 ? new string('(', depth) : string.Concat(Enumerable.Repeat("np.sqrt(", depth)));
                    text.Append(')', depth);
                    break;
                case 5:
                    text.Length = Math.Min(text.Length, at);
                    break;
                case 6:
                    ReplaceNumber(text, random, StringChoices[random.Next(StringChoices.Length)]);
                    break;
                case 7:
                    text.Insert(at, new[] { ",", "=", "*", "**", ".", "'", "\"", "#", ";", "\n", " lambda ", "[", ":", "\\" }[random.Next(14)]);
                    break;
                case 8:
                    ReplaceNumber(text, random, new[] { "None", "True", "(1, 2)", "[]", "'3'", "w", "shape", "1j", "0x10", "1_000" }[random.Next(10)]);
                    break;
                default:
                    text.Insert(at, $" {Forms[random.Next(Forms.Length)].Name}");
                    break;
            }
        }

        return text.ToString();
    }

    private static void RemoveOne(StringBuilder text, System.Random random, Func<char, bool> which)
    {
        var positions = Enumerable.Range(0, text.Length).Where(i => which(text[i])).ToArray();
        if (positions.Length > 0)
        {
            text.Remove(positions[random.Next(positions.Length)], 1);
        }
    }

    private static void InsertBeforeClose(StringBuilder text, string argument)
    {
        string s = text.ToString();
        int close = s.LastIndexOf(')');
        if (close > 0)
        {
            text.Insert(close, s[close - 1] == '(' ? argument : ", " + argument);
        }
    }

    private static void ReplaceNumber(StringBuilder text, System.Random random, string replacement)
    {
        var numbers = NumberToken().Matches(text.ToString());
        if (numbers.Count > 0)
        {
            var m = numbers[random.Next(numbers.Count)];
            text.Remove(m.Index, m.Length).Insert(m.Index, replacement);
        }
    }

    [GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?(e-?\d+)?(?![\w.])")]
    private static partial Regex NumberToken();

    /// <summary>Random sequences of the grammar's tokens and a few outside it.</summary>
    private static Gen<string> TokenSoup()
    {
        var token = Gen.Frequency(
            (3, Gen.OneOf(Forms.Select(f => f.Name).ToArray())),
            (3, Gen.OneOf("(", ")", "[", "]", ",", "=", "*", "**", "+", "-", "/", ".", ";", "\n", ":")),
            (2, Number),
            (2, Gen.OneOf(StringChoices)),
            (2, Gen.OneOf("w", "n_in", "n_out", "shape", "np", "tf", "torch", "np.random.randn", "np.sqrt", "seed", "stddev", "mode", "gain", "a")),
            (1, Gen.OneOf("import", "from", "as", "lambda", "def", "None", "True", "x if y else z", "@", "$", "`", "'unterminated", "\"\"\"", "0x", "1e")),
            (1, Gen.OneOf(Unicode)));
        return token.Array[0, 24].Select(t => string.Join(" ", t));
    }

    /// <summary>A Python parameter of a form: its name and its default as written (null when it is required).</summary>
    private sealed record Parameter(string Name, string? Default);

    /// <summary>A callable form: the dotted name, its parameters, and whether it is an initializer used without a call.</summary>
    private sealed record Form(string Name, Parameter[] Parameters, bool Bare);
}
