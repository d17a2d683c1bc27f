using TfInit.PythonCode;
using TfInit.Random;
using TfInit.Serialization;

namespace TfInit.Tests.PythonCode;

/// <summary>
/// Robustness of the parser and interpreter: every accepted form and the tutorial's recipes, mutated at random
/// (characters deleted, duplicated, replaced by Python's punctuation, digits and letters; fixed seed), either parse
/// and fill a small tensor or fail with a <see cref="PythonCodeException"/> or another ArgumentException naming the
/// problem. No other exception type (a crash), and no non-finite value.
/// </summary>
public sealed class PythonCodeMutationTests
{
    private const string Alphabet = "()[],.=+-*/;:'\"_ \n0123456789eEnabcxyzWjJ#\\";

    [Fact]
    public void MutatedCodeEitherWorksOrFailsWithAnArgumentError()
    {
        var seeds = PythonInitializers.Forms
            .Select(f => f.Python.Replace("tensor", "w", StringComparison.Ordinal))
            .Where(p => !p.StartsWith("numpy lines", StringComparison.Ordinal))
            .Concat(PythonNumPyLinesParityTests.Recipes.Values)
            .Concat(["tf.get_variable('W', shape=[n_in, n_out], initializer=tf.contrib.layers.xavier_initializer())"])
            .ToArray();
        var random = new System.Random(20261201);
        int worked = 0, refused = 0;
        for (int i = 0; i < 4000; i++)
        {
            char[] code = seeds[random.Next(seeds.Length)].ToCharArray();
            var text = new List<char>(code);
            for (int m = random.Next(1, 4); m > 0 && text.Count > 0; m--)
            {
                int at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0: text.RemoveAt(at); break;
                    case 1: text.Insert(at, text[at]); break;
                    default: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                }
            }

            string mutated = new(text.ToArray());
            try
            {
                var initializer = KerasJson.Deserialize(mutated);
                double[] values = initializer.Generate(new NumPyRandomState(1), 4, 3);
                Assert.All(values, v => Assert.True(double.IsFinite(v), $"{mutated}: non-finite value {v}"));
                worked++;
            }
            catch (ArgumentException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), mutated);
                Assert.DoesNotContain('\n', e.Message.TrimEnd());
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{mutated}: {e.GetType().Name}: {e.Message}");
            }
        }

        // Most mutations break the code (or ask for a shape the initializer refuses); some must still run.
        Assert.True(worked > 20 && refused > 1000, $"worked {worked}, refused {refused}");
    }
}
