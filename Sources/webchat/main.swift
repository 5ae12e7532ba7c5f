import App
import Glibc

exit(await CommandLineTool.run(CommandLine.arguments))
