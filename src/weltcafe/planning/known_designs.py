"""Tabulated resolvable designs from the literature, for shapes no algebraic construction here covers.

Each schedule is written as in its source: one line per round, tables separated by spaces, one character
per person. They are parsed, checked for zero repeats (`constructions.is_zero_repeat`) and only then used.
Sources (as collected in the Dagstuhl-tables notes of F. van Doorn, `literature.md`):

* KTS(21), 7-3-10: Wolfram Demonstrations Project, "Social Golfer Problem";
* NKTS(18), 6-3-8: same source, first 8 rounds of its 18-player schedule;
* 8-4-10: first 10 rounds of the 32-player schedule of the same source (Aguado 2004 solved 8-4-10);
* resolvable BIBD(40, 4, 1), 10-4-13: from the survey of resolvable designs cited there (JSTOR 1402466).
"""

from __future__ import annotations

KNOWN_SCHEDULES: dict[tuple[int, int], tuple[str, ...]] = {
    (7, 3): (
        "ABF EGM DKR INP CJT HOU LQS", "DEJ HIK BNO AQR CLU FMS GPT", "AHL JKO EIQ CNR BGS DMT FPU",
        "BCD FHN ELP GOQ AKT IMU JRS", "EFK GIL CMO BPR AJU DNS HQT", "BIJ KLM FGR AOP CHS ENT DQU",
        "ACE DIO FJQ HMR BLT GNU KPS", "DFL GHJ AMN CPQ BKU EOS IRT", "CGK JLN DHP BMQ AIS FOT ERU",
        "STU ADG BEH CFI JMP KNQ LOR",
    ),
    (6, 3): (
        "ABC DEF GHI afh bdi ceg", "Abc Def Ghi aFH BdI CEg", "abC deF ghI AfH BDi cEG",
        "aBc dEf gHi AFh bDI CeG", "ADG BEH CFI aei bfg cdh", "Adg Beh Cfi aEI bFG cDH",
        "adG beH cfI AEi BFg CDh", "aDg bEh cFi AeI BfG CdH",
    ),
    (8, 4): (
        "ABCD EFGH IJKL MNOP abcd efgh ijkl mnop", "AEIm BcgH DFKp dfkP aeiM bCGh jLNo JlnO",
        "Aflo Bhkm DGiN aFLO bHKM CeJP cEjp dgIn", "AciL BdjK bDJk FgoP fGOp aCIl EhMn eHmN",
        "AgKN BElP DHIo dhiO beLp Cfjm cFJM aGkn", "AhJp BFin cDmO bfIN eGKl CdMo EgkL aHjP",
        "AdeF BGJo aDEf chlN iKmP CHLn bgjO IkMp", "AbnP aBNp DglM ceko fHiJ CEKO FhIj dGLm",
        "AGjM BeIO DhLP agJm cfKn CFkN bEio dHlp", "AHkO BfLM Dejn bFlm cGIP Cgip dEJN ahKo",
    ),
    (10, 4): (
        "1CIL 49JK 3AFO EPVY HMWX GNSb 58Rc 67UZ 2BTa 0DQd", "02JM 5AKL 4BGP DFWZ INXY HOTc 69QS 78Va 3CUb 1ERd",
        "13KN 6BLM 5CDH EGXa JOYZ IPQU 7ART 89Wb 04Vc 2FSd", "24LO 7CMN 06EI FHYb KPZa DJRV 8BSU 9AXc 15QW 3GTd",
        "35MP 08NO 17FJ GIZc DLab EKSW 9CTV ABQY 26RX 4HUd", "46DN 19OP 28GK HJQa EMbc FLTX 0AUW BCRZ 37SY 5IVd",
        "57EO 2ADP 39HL IKRb FNQc GMUY 1BVX 0CSa 48TZ 6JWd", "68FP 3BDE 4AIM JLSc GOQR HNVZ 2CWY 01Tb 59Ua 7KXd",
        "79DG 4CEF 5BJN KMQT HPRS IOWa 03XZ 12Uc 6AVb 8LYd", "8AEH 05FG 6CKO LNRU DIST JPXb 14Ya 23QV 7BWc 9MZd",
        "9BFI 16GH 07LP MOSV EJTU DKYc 25Zb 34RW 8CQX ANad", "ACGJ 27HI 18DM NPTW FKUV ELQZ 36ac 45SX 09RY BObd",
        "0BHK 38IJ 29EN DOUX GLVW FMRa 47Qb 56TY 1ASZ CPcd",
    ),
}


def parse_schedule(lines: tuple[str, ...]) -> list[list[int]]:
    """seat[r][p] from the letter notation; people are numbered in order of first appearance."""
    number: dict[str, int] = {}
    for char in "".join(lines).replace(" ", ""):
        number.setdefault(char, len(number))
    seat = [[0] * len(number) for _ in lines]
    for r, line in enumerate(lines):
        for table, group in enumerate(line.split()):
            for char in group:
                seat[r][number[char]] = table
    return seat
