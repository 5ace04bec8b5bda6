using Bci.Decoding.Evaluation;
using ScottPlot;

namespace Bci.Decoding.Training;

/// <summary>
/// The PNG written beside a checkpoint (report.png): learning curves (loss, accuracy; training and validation)
/// and the confusion matrix of the validation runs, side by side.
/// </summary>
public static class TrainingReport
{
    public static void Save(string path, string title, IReadOnlyList<EpochProgress> history, ClassificationMetrics? validation, IReadOnlyList<string> classes)
    {
        var figure = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        figure.AddPlots(3);
        var epochs = history.Select(h => (double)h.Epoch).ToArray();

        var loss = figure.GetPlot(0);
        loss.Add.Scatter(epochs, history.Select(h => h.TrainLoss).ToArray()).LegendText = "training";
        if (history.Any(h => double.IsFinite(h.ValidationLoss)))
            loss.Add.Scatter(epochs, history.Select(h => h.ValidationLoss).ToArray()).LegendText = "validation";
        loss.Title($"{title}: loss");
        loss.XLabel("epoch");
        loss.ShowLegend();

        var accuracy = figure.GetPlot(1);
        accuracy.Add.Scatter(epochs, history.Select(h => h.TrainAccuracy).ToArray()).LegendText = "training";
        if (history.Any(h => double.IsFinite(h.ValidationAccuracy)))
            accuracy.Add.Scatter(epochs, history.Select(h => h.ValidationAccuracy).ToArray()).LegendText = "validation";
        accuracy.Title("accuracy");
        accuracy.XLabel("epoch");
        accuracy.Axes.SetLimitsY(0, 1);
        accuracy.ShowLegend();

        var confusion = figure.GetPlot(2);
        if (validation is not null)
        {
            var k = classes.Count;
            var values = new double[k, k];
            for (var i = 0; i < k; i++)
                for (var j = 0; j < k; j++)
                    values[i, j] = validation.Confusion[i, j];
            confusion.Add.Heatmap(values);
            for (var i = 0; i < k; i++)
                for (var j = 0; j < k; j++)
                    confusion.Add.Text(validation.Confusion[i, j].ToString(), j, k - 1 - i);
            confusion.Title($"validation: {validation.Accuracy:P0} (kappa {validation.Kappa:0.00})");
            confusion.XLabel("predicted: " + string.Join(", ", classes));
            confusion.YLabel("true: " + string.Join(", ", classes.Reverse()));
        }
        else confusion.Title("no validation runs");

        figure.SavePng(path, 1500, 450);
    }
}
