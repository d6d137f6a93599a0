"""Workshop outputs: a PowerPoint deck with native charts, an Excel workbook, a PDF report, chart images."""
