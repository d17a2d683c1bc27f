using TfInit.Keras.Native;
using TfInit.Keras.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Native;

public sealed class DenormalsTests
{
    /// <summary>1e-30f * 1e-10f = 1e-40: below float's smallest normal (1.18e-38), so a denormal unless flushed.</summary>
    private static float TinyProduct()
    {
        using var a = tensor(1e-30f);
        using var b = a.mul(1e-10f);
        return b.ToSingle();
    }

    /// <summary>Starts a thread, then runs <paramref name="meanwhile"/> here, then lets the thread compute the product.</summary>
    private static float OnAThreadStartedBeforehand(Action meanwhile)
    {
        float result = float.NaN;
        using var go = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            go.Wait();
            result = TinyProduct();
        });
        thread.Start();
        meanwhile();
        go.Set();
        thread.Join();
        return result;
    }

    [Fact]
    public void FlushToZeroTogglesDenormalsOnTheCallingThread()
    {
        // The flag is the calling thread's MXCSR, and xunit may run any test on any thread (a Fit test may have left it
        // on here): everything happens in this one synchronous body, and the flag is restored to off at the end.
        try
        {
            Assert.True(Denormals.SetFlushToZero(false), "x86-64 with SSE3: libtorch supports the switch");
            float kept = TinyProduct();
            Assert.True(float.IsSubnormal(kept), $"without flushing 1e-40 is a denormal, got {kept:R}");
            Assert.Equal(1e-40, kept, 1e-45); // the nearest denormal is within 1.4e-45 / 2

            // Switched on here while another thread (started with it off) waits: this thread flushes, that one does not.
            float other = OnAThreadStartedBeforehand(() => Assert.True(Denormals.SetFlushToZero(true)));
            Assert.Equal(0f, TinyProduct());
            Assert.True(float.IsSubnormal(other), $"the flag is per thread, but the other thread got {other:R}");

            Assert.True(Denormals.SetFlushToZero(false));
            Assert.True(float.IsSubnormal(TinyProduct()), "flushing switched off again restores denormals");
        }
        finally
        {
            Denormals.SetFlushToZero(false);
        }
    }

    [Fact]
    public void FitLeavesFlushingOnForItsThread()
    {
        // Documented: Fit flushes denormals "from here on" on the thread that calls it.
        try
        {
            Denormals.SetFlushToZero(false);
            var (x, y) = Synthetic.Clusters(4, seed: 70);
            var model = Synthetic.Mlp();
            model.Compile(new TfInit.Keras.Optimizers.SGD(), new TfInit.Keras.Losses.SparseCategoricalCrossentropy(true));
            model.Fit(x, y, batchSize: 4);
            Assert.Equal(0f, TinyProduct());
        }
        finally
        {
            Denormals.SetFlushToZero(false);
        }
    }
}
