"""figure_json gives exactly what plotly's to_plotly_json gives, numpy arrays included."""

import numpy as np

from reports.charts.base import figure, figure_json


def test_figure_json_is_plotlys_own_json():
    fig = figure(
        [
            {"type": "heatmap", "z": [[1, 2], [3, None]], "x": ["a", "b"], "y": ["c", "d"]},
            {
                "type": "bar",
                "x": np.array([1.5, 2.5]),
                "y": ["e", "f"],
                "marker": {"color": "#000"},
            },
            {"type": "scatter", "x": np.arange(3), "y": np.array([0.1, 0.2, 0.3])},
        ],
        {"height": 300, "margin": {"l": 10}},
    )
    expected = fig.to_plotly_json()
    assert figure_json(fig) == expected
    # Numpy arrays are encoded as plotly encodes them (typed arrays), not left as arrays.
    assert isinstance(expected["data"][2]["y"], dict) and "bdata" in expected["data"][2]["y"]
